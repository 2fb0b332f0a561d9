import { IsNumber, IsString, Length } from 'class-validator';
import { lastValueFrom, take, toArray } from 'rxjs';
import { ChatBuilder, textDeltas } from '../../../lib/chat';
import type { ToolResultPart } from '../../../lib/core/content-part.types';
import { Messages } from '../../../lib/core/messages';
import type { StreamEvent } from '../../../lib/core/stream-event.types';
import { Schema, Tool } from '../../../lib/decorators';
import { MaxStepsExceededError, OutputValidationError } from '../../../lib/errors';
import { OllamaBuilder } from '../../../lib/providers/ollama';
import { configureSchemas, resetSchemaSettings } from '../../../lib/schema';
import { collectTools } from '../../../lib/tools';
import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';
import { makeTool, requireCity, weatherSpec } from '../../support/test-tools';
import { emulatedProvider } from './completions-spec.helpers';

class CityArgs {
  @IsString() @Length(2, 40) city!: string;
}

class FailingTools {
  @Tool({ description: 'Weather of a city.' })
  weather(args: CityArgs): { city: string; celsius: number } {
    return { city: args.city, celsius: 21 };
  }

  @Tool({ description: 'Always fails.' })
  explode(): string {
    throw new Error('disk full');
  }
}

@Schema({ description: 'A weather report.' })
class Report {
  @IsString() city!: string;
  @IsNumber() celsius!: number;
}

/** The engine (`ChatBuilder`) over the Chat Completions provider and real sockets. */
describe('ChatBuilder over the Chat Completions wire (emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    configureSchemas({ runtimeSchemaWarnings: false });
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    resetSchemaSettings();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: city === 'Paris' ? 21 : 25 }) });
  const bodies = () => emulator.requests().map((r) => r.body as { messages: Record<string, unknown>[] });

  it('complete(): parallel tool calls run, their results go back as tool messages, the final answer is appended', async () => {
    emulator.script([
      { toolCalls: [{ id: 'call_p', name: 'weather', arguments: { city: 'Paris' } }, { id: 'call_r', name: 'weather', arguments: { city: 'Rome' } }] },
      { text: 'Paris 21, Rome 25.' },
    ]);
    const messages = Messages.fromUser('Weather in Paris and Rome?');
    const reply = await new ChatBuilder().withModel(emulatedProvider(emulator)).withTools([weather]).build().complete(messages);
    expect(reply.text).toBe('Paris 21, Rome 25.');
    expect(reply.toolResults.map((r) => r.callId)).toEqual(['call_p', 'call_r']);
    const second = bodies()[1].messages;
    expect(second.slice(-3)).toEqual([
      expect.objectContaining({ role: 'assistant', tool_calls: [expect.objectContaining({ id: 'call_p' }), expect.objectContaining({ id: 'call_r' })] }),
      { role: 'tool', tool_call_id: 'call_p', content: '{"city":"Paris","celsius":21}' },
      { role: 'tool', tool_call_id: 'call_r', content: '{"city":"Rome","celsius":25}' },
    ]);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('stream(): text, a tool call mid-stream with its result, then the next turn in the same Observable', async () => {
    emulator.script([
      { text: 'Let me check.', toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] },
      { text: 'It is 21 degrees.', reasoning: 'Read the tool result.' },
    ]);
    const messages = Messages.fromUser('Weather?');
    const chat = new ChatBuilder().withModel(emulatedProvider(emulator)).withTools([weather]).build();
    const events: StreamEvent[] = await lastValueFrom(chat.stream(messages).pipe(toArray()));
    const types = events.map((e) => e.type);
    expect(types.indexOf('tool-call-end')).toBeLessThan(types.indexOf('tool-result'));
    expect(types.at(-1)).toBe('finish');
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
    expect(text).toBe('Let me check.It is 21 degrees.');
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.status).toBe('completed');
    expect(messages.last()?.parts).toEqual([
      { type: 'reasoning', text: 'Read the tool result.', origin: { provider: 'completions', model: 'test-model' } },
      { type: 'text', text: 'It is 21 degrees.' },
    ]);
  });

  it('structured output over json_schema returns the validated value', async () => {
    emulator.script([{ json: { city: 'Paris', celsius: 21 } }]);
    const chat = new ChatBuilder().withModel(emulatedProvider(emulator)).withStructuredOutput(weatherSpec).build();
    const reply = await chat.complete(Messages.fromUser('Weather as JSON'));
    expect(reply.output).toEqual({ city: 'Paris', celsius: 21 });
    expect(emulator.requests()[0].body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'Weather' } } });
  });

  it('a gated tool pauses the turn; after approval the same turn continues', async () => {
    const runs: unknown[] = [];
    const transfer = makeTool({ name: 'transfer', metadata: { requiresApproval: true }, execute: (args) => (runs.push(args), 'sent') });
    emulator.script([{ toolCalls: [{ id: 'call_t', name: 'transfer', arguments: { amount: 5 } }] }, { text: 'Done.' }]);
    const chat = new ChatBuilder().withModel(emulatedProvider(emulator)).withTools([transfer]).withApprovalSecret('completions-e2e-secret').build();
    const messages = Messages.fromUser('Send 5');
    const paused = await chat.complete(messages);
    expect(paused.status).toBe('paused');
    expect(runs).toEqual([]);
    messages.approve('call_t');
    const done = await chat.complete(messages);
    expect(done.text).toBe('Done.');
    expect(runs).toEqual([{ amount: 5 }]);
    expect(bodies()[1].messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_t', content: 'sent' });
  });

  it('unsubscribing keeps the partial turn as interrupted and closes the socket', async () => {
    emulator.script([{ text: 'one two three four five six seven eight', chunkDelayMs: 20 }]);
    const messages = Messages.fromUser('Count');
    const closed = emulator.waitForClientClose();
    const first = await lastValueFrom(new ChatBuilder().withModel(emulatedProvider(emulator)).build().stream(messages).pipe(textDeltas(), take(2), toArray()));
    await closed;
    expect(messages.last()?.status).toBe('interrupted');
    expect(messages.last()?.parts[0]).toMatchObject({ type: 'text', text: first.join('') });
  });

  describe('tool error paths go back to the model as error results (complete and stream)', () => {
    const failingTurn = () =>
      emulator.script([
        {
          toolCalls: [
            { id: 'call_u', name: 'nope', arguments: {} },
            { id: 'call_j', name: 'weather', arguments: '{"city": "Par' },
            { id: 'call_v', name: 'weather', arguments: { town: 'Paris' } },
            { id: 'call_t', name: 'explode', arguments: {} },
            { id: 'call_ok', name: 'weather', arguments: { city: 'Rome' } },
          ],
        },
        { text: 'Sorry, only Rome worked.' },
      ]);
    const chat = () => new ChatBuilder().withModel(emulatedProvider(emulator)).withTools(collectTools(new FailingTools())).build();

    const check = (results: readonly ToolResultPart[]) => {
      const byId = new Map(results.map((r) => [r.callId, r]));
      expect([...byId.keys()]).toEqual(['call_u', 'call_j', 'call_v', 'call_t', 'call_ok']);
      expect(byId.get('call_u')).toMatchObject({ isError: true, error: { kind: 'unknown-tool' }, content: 'Unknown tool "nope". Available tools: weather, explode.' });
      expect(byId.get('call_j')).toMatchObject({ isError: true, error: { kind: 'invalid-arguments' }, content: 'The arguments of "weather" are not valid JSON: {"city": "Par' });
      const validation = byId.get('call_v')!;
      expect(validation).toMatchObject({ isError: true, error: { kind: 'validation' } });
      expect(validation.content).toMatch(/^Invalid arguments for "weather": .*city must be a string/);
      expect(validation.content.match(/Invalid arguments/g)).toHaveLength(1);
      expect(byId.get('call_t')).toMatchObject({ isError: true, error: { kind: 'execution' }, content: 'Tool "explode" failed: disk full' });
      expect(byId.get('call_ok')).toMatchObject({ content: '{"city":"Rome","celsius":21}' });
      expect(byId.get('call_ok')?.isError).toBeUndefined();
      // the model saw every result on its next request, over the wire
      const sent = bodies()[1].messages.filter((m) => m.role === 'tool');
      expect(sent.map((m) => [m.tool_call_id, m.content])).toEqual(results.map((r) => [r.callId, r.content]));
      expect(bodies()).toHaveLength(2);
    };

    it('complete()', async () => {
      failingTurn();
      const messages = Messages.fromUser('Weather in Paris?');
      const reply = await chat().complete(messages);
      expect(reply.text).toBe('Sorry, only Rome worked.');
      check(reply.toolResults);
      expect(messages.toolCalls().map((c) => c.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'completed']);
    });

    it('stream()', async () => {
      failingTurn();
      const events = await lastValueFrom(chat().stream(Messages.fromUser('Weather in Paris?')).pipe(toArray()));
      check(events.flatMap((e) => (e.type === 'tool-result' ? [e.result] : [])));
      expect(events.at(-1)).toMatchObject({ type: 'finish', status: 'completed' });
    });
  });

  it('stops at maxSteps with MaxStepsExceededError, keeping the steps on the conversation', async () => {
    emulator.script([
      { toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] },
      { toolCalls: [{ id: 'call_2', name: 'weather', arguments: { city: 'Paris' } }] },
      { text: 'never asked for' },
    ]);
    const messages = Messages.fromUser('Loop');
    const chat = new ChatBuilder().withModel(emulatedProvider(emulator)).withTools(collectTools(new FailingTools())).withMaxSteps(2).build();
    const error = await chat.complete(messages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxStepsExceededError);
    expect((error as MaxStepsExceededError).maxSteps).toBe(2);
    expect(emulator.requests()).toHaveLength(2);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
  });

  describe('structured output repair over the wire', () => {
    it('sends the validation errors back and asks again until the answer validates', async () => {
      emulator.script([{ text: '{"city":"Paris"}' }, { text: 'not json at all' }, { json: { city: 'Paris', celsius: 19 } }]);
      const messages = Messages.fromUser('Weather as JSON');
      const reply = await new ChatBuilder().withModel(emulatedProvider(emulator)).withStructuredOutput(Report).build().complete(messages);
      expect(reply.output).toBeInstanceOf(Report);
      expect(reply.output).toEqual(Object.assign(new Report(), { city: 'Paris', celsius: 19 }));
      const sent = bodies();
      expect(sent).toHaveLength(3);
      for (const body of sent) expect(body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'Report' } } });
      expect(sent[1].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      expect(JSON.stringify(sent[1].messages.at(-1))).toContain('celsius must be a number');
      expect(JSON.stringify(sent[2].messages.at(-1))).toContain('not valid JSON');
      expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant']);
    });

    it('gives up after the repair attempts with OutputValidationError carrying the raw text', async () => {
      emulator.script([{ text: '{"city":1}' }, { text: '{"city":2}' }]);
      const chat = new ChatBuilder().withModel(emulatedProvider(emulator)).withStructuredOutput(Report).withRepairAttempts(1).build();
      const error = await chat.complete('Weather as JSON').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputValidationError);
      expect((error as OutputValidationError).rawText).toBe('{"city":2}');
      expect((error as OutputValidationError).errors.map((e) => e.property)).toEqual(['city', 'celsius']);
      expect(emulator.requests()).toHaveLength(2);
    });
  });

  it('chat.embed() through the Ollama preset (native /api/embed)', async () => {
    const ollama = new OllamaBuilder().withBaseUrl(emulator.url('/v1')).withModel('llama3.2').withEmbeddings('nomic-embed-text').build();
    const res = await new ChatBuilder().withModel(ollama).build().embed(['a', 'b', 'c']);
    expect(res.vectors).toHaveLength(3);
    res.vectors.forEach((v, i) => expect(v[0]).toBeCloseTo(emulatedEmbedding(['a', 'b', 'c'][i])[0], 5));
    expect(emulator.requests().map((r) => r.path)).toContain('/api/embed');
  });
});
