import { Injectable, Module, ValidationPipe } from '@nestjs/common';
import { APP_PIPE, NestFactory } from '@nestjs/core';
import { Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested } from 'class-validator';
import type { JsonValue } from '../../lib/core/json.types';
import { Tool } from '../../lib/decorators';
import { ChatModule, NestChat, Toolset, type ToolValidationSetting } from '../../lib/nest';
import { ClaudeBuilder } from '../../lib/providers/claude';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, RecordingLogger, startContext, toolOutputs } from './nest-test.helpers';

class Address {
  @IsString() city!: string;
}
class TransferArgs {
  @IsString() account!: string;
  @IsInt() amount!: number;
  @ValidateNested() @Type(() => Address) address!: Address;
}

/** What each tool method received, by tool. */
const received: Record<string, unknown[]> = {};

@Toolset()
@Injectable()
class OpenTools {
  @Tool({ description: 'Transfer money.' })
  transfer(args: TransferArgs) {
    (received.transfer ??= []).push(JSON.parse(JSON.stringify(args)));
    return 'done';
  }
}

@Toolset({ closedSchemas: true })
@Injectable()
class ClosedTools {
  @Tool({ description: 'Transfer money, strictly.' })
  strictTransfer(args: TransferArgs) {
    (received.strictTransfer ??= []).push(JSON.parse(JSON.stringify(args)));
    return 'done';
  }
}

const withExtras = { account: 'ACC-1', amount: 5, address: { city: 'Oslo', floor: 3 }, admin: true };
const clean = { account: 'ACC-1', amount: 5, address: { city: 'Oslo' } };

function callAndAnswer(emulator: ProviderEmulator, tool: string, args: JsonValue, session?: string): void {
  emulator.script([{ toolCalls: [{ id: 'c1', name: tool, arguments: args }] }, { text: 'ok' }], session);
}

describe('tool arguments: ValidationPipe options and closed schemas', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.reset();
    for (const key of Object.keys(received)) delete received[key];
  });

  async function run(toolValidation: ToolValidationSetting | undefined, tool = 'transfer'): Promise<string> {
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), toolValidation })], providers: [OpenTools, ClosedTools] });
    emulator.reset();
    callAndAnswer(emulator, tool, withExtras);
    await moduleRef.get(NestChat).complete('Transfer');
    await moduleRef.close();
    return toolOutputs(emulator.requests()[1].body).c1;
  }

  it('by default unknown properties reach the tool (the tool\'s own validation only)', async () => {
    expect(await run(undefined)).toBe('done');
    expect(received.transfer).toEqual([withExtras]);
  });

  it('whitelist strips properties without a validation decorator, nested ones too', async () => {
    expect(await run({ whitelist: true })).toBe('done');
    expect(received.transfer).toEqual([clean]);
  });

  it('forbidNonWhitelisted refuses the call with an error result naming each property; the method does not run', async () => {
    const output = await run({ whitelist: true, forbidNonWhitelisted: true });
    expect(output).toContain('property admin should not exist');
    expect(output).toContain('address.floor: property floor should not exist');
    expect(received.transfer).toBeUndefined();
    expect(await run({ forbidNonWhitelisted: true })).toBe('done'); // as in ValidationPipe: only with whitelist
  });

  it("'global-pipe' follows the app's global ValidationPipe: useGlobalPipes() or an APP_PIPE provider; none means the default", async () => {
    @Module({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), toolValidation: 'global-pipe' })], providers: [OpenTools] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: new RecordingLogger(), abortOnError: false });
    callAndAnswer(emulator, 'transfer', withExtras);
    await app.get(NestChat).complete('Transfer');
    expect(received.transfer).toEqual([withExtras]);
    await app.close();

    const web = await NestFactory.create(AppModule, { logger: new RecordingLogger(), abortOnError: false });
    web.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
    await web.init();
    emulator.reset();
    callAndAnswer(emulator, 'transfer', withExtras);
    await web.get(NestChat).complete('Transfer');
    expect(toolOutputs(emulator.requests()[1].body).c1).toContain('property admin should not exist');
    await web.close();

    @Module({
      imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), toolValidation: 'global-pipe' })],
      providers: [OpenTools, { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true }) }],
    })
    class PipedModule {}
    const piped = await NestFactory.create(PipedModule, { logger: new RecordingLogger(), abortOnError: false });
    await piped.init();
    emulator.reset();
    delete received.transfer;
    callAndAnswer(emulator, 'transfer', withExtras);
    await piped.get(NestChat).complete('Transfer');
    expect(received.transfer).toEqual([clean]);
    await piped.close();
  });

  it('@Toolset({ closedSchemas: true }) sends additionalProperties: false at every object level and refuses unlisted arguments; other toolsets stay open', async () => {
    const claude = new ClaudeBuilder().withBaseUrl(emulator.url('', 'claude')).withApiKey('test-key').withModel('claude-test').build();
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: claude })], providers: [OpenTools, ClosedTools] });
    emulator.script([{ toolCalls: [{ id: 'c1', name: 'strictTransfer', arguments: { ...clean, admin: true } }] }, { toolCalls: [{ id: 'c2', name: 'strictTransfer', arguments: clean }] }, { text: 'ok' }], 'claude');
    await moduleRef.get(NestChat).complete('Transfer');
    const requests = emulator.requests('claude');
    const tools = (requests[0].body as { tools: Array<{ name: string; input_schema: { additionalProperties?: boolean; properties: { address: { additionalProperties?: boolean } } } }> }).tools;
    const strict = tools.find((t) => t.name === 'strictTransfer')!;
    const open = tools.find((t) => t.name === 'transfer')!;
    expect(strict.input_schema.additionalProperties).toBe(false);
    expect(strict.input_schema.properties.address.additionalProperties).toBe(false);
    expect(open.input_schema.additionalProperties).toBeUndefined();
    expect(JSON.stringify(requests[1].body)).toContain('property admin should not exist');
    expect(received.strictTransfer).toEqual([clean]);
    await moduleRef.close();
    expect(() => Toolset({ closedSchemas: 'yes' as never })).toThrow('@Toolset({ closedSchemas }) takes a boolean');
  });
});
