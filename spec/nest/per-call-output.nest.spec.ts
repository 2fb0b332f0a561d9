import { Injectable } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { lastValueFrom, toArray } from 'rxjs';
import type { JsonValue } from '../../lib/core/json.types';
import type { OutputSpec } from '../../lib/core/output.types';
import { Schema, Tool } from '../../lib/decorators';
import { OutputValidationError } from '../../lib/errors';
import { ChatModule, NestChat, Toolset } from '../../lib/nest';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, offeredTools, startContext } from './nest-test.helpers';

@Schema()
class OrderLine {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

@Schema({ description: 'A summary of an order.' })
class OrderSummary {
  @IsString() orderId!: string;
  @ValidateNested({ each: true }) @Type(() => OrderLine) lines!: OrderLine[];
  itemCount(): number {
    return this.lines.reduce((n, l) => n + l.quantity, 0);
  }
}

@Schema()
class Sentiment {
  @IsString() mood!: string;
}

class OrderArgs {
  @IsString() orderId!: string;
}

@Toolset()
@Injectable()
class OrderTools {
  @Tool({ description: 'Find an order.' })
  findOrder(args: OrderArgs) {
    return { orderId: args.orderId, lines: [{ sku: 'A', quantity: 2 }] };
  }
}

/** The `text.format` a recorded Responses request asked for, if any. */
function formatOf(body: JsonValue): { type?: string; name?: string } | undefined {
  return (body as { text?: { format?: { type?: string; name?: string } } }).text?.format;
}

describe('NestChat: structured output per call', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  it('complete(…, { output: Class }) asks for that schema, after the tool loop, and answers an instance; the next plain call asks for none', async () => {
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) })], providers: [OrderTools] });
    const chat = moduleRef.get(NestChat);
    emulator.script([
      { toolCalls: [{ id: 'c1', name: 'findOrder', arguments: { orderId: 'O-1' } }] },
      { json: { orderId: 'O-1', lines: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 3 }] } },
      { text: 'plain text' },
    ]);
    const reply = await chat.complete('Summarise order O-1', { output: OrderSummary });
    expect(reply.output).toBeInstanceOf(OrderSummary);
    expect(reply.output.lines[1]).toBeInstanceOf(OrderLine);
    expect(reply.output.itemCount()).toBe(5);
    const [first, second] = emulator.requests();
    expect(offeredTools(first.body)).toEqual(['findOrder']);
    expect(formatOf(second.body)).toMatchObject({ type: 'json_schema', name: 'OrderSummary' });

    const plain = await chat.complete('Hi');
    expect(plain.output).toBe('plain text');
    expect(formatOf(emulator.requests()[2].body)).toBeUndefined();
    await moduleRef.close();
  });

  it('an invalid answer is repaired as that class, then fails with OutputValidationError; a per-call output replaces the chat\'s own', async () => {
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), output: Sentiment, repairAttempts: 1 })] });
    const chat = moduleRef.get<NestChat<Sentiment>>(NestChat);
    emulator.script([{ json: { orderId: 'O-2', lines: [{ sku: 'A', quantity: 0 }] } }, { json: { orderId: 'O-2', lines: [{ sku: 'A', quantity: 1 }] } }]);
    const repaired = await chat.complete('Summarise O-2', { output: OrderSummary });
    expect(repaired.output.itemCount()).toBe(1);
    expect(emulator.requests()).toHaveLength(2);
    expect(formatOf(emulator.requests()[1].body)).toMatchObject({ name: 'OrderSummary' });

    emulator.script([{ json: { mood: 'calm' } }]);
    const own = await chat.complete('How do I sound?');
    expect(own.output).toBeInstanceOf(Sentiment);
    expect(formatOf(emulator.requests()[2].body)).toMatchObject({ name: 'Sentiment' });

    emulator.script([{ json: { lines: 'none' } }, { json: { lines: 'still none' } }]);
    await expect(chat.complete('Summarise', { output: OrderSummary })).rejects.toThrow(OutputValidationError);
    await moduleRef.close();
  });

  it('stream(…, { output }) emits partial objects and finishes with the validated instance; an OutputSpec works too', async () => {
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) })] });
    const chat = moduleRef.get(NestChat);
    emulator.script([{ json: { orderId: 'O-3', lines: [{ sku: 'C', quantity: 4 }] }, chunkSize: 6 }]);
    const events = await lastValueFrom(chat.stream('Summarise O-3', { output: OrderSummary }).pipe(toArray()));
    const partials = events.filter((e) => e.type === 'partial-output');
    expect(partials.length).toBeGreaterThan(1);
    const finish = events.find((e) => e.type === 'finish');
    expect(finish?.type === 'finish' && finish.output).toBeInstanceOf(OrderSummary);

    const upper: OutputSpec<string> = {
      name: 'shout',
      schema: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'], additionalProperties: false },
      parse: async (value) => ({ ok: true, value: String((value as { word: string }).word).toUpperCase() }),
    };
    emulator.script([{ json: { word: 'hey' } }]);
    await expect(chat.complete('Shout', { output: upper })).resolves.toMatchObject({ output: 'HEY' });
    expect(formatOf(emulator.requests()[1].body)).toMatchObject({ name: 'shout' });
    await moduleRef.close();
  });
});
