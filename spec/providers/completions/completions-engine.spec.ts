import { lastValueFrom, take, toArray } from 'rxjs';
import { ChatBuilder, textDeltas } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { StreamEvent } from '../../../lib/core/stream-event.types';
import { OllamaBuilder } from '../../../lib/providers/ollama';
import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';
import { makeTool, requireCity, weatherSpec } from '../../support/test-tools';
import { emulatedProvider } from './completions-spec.helpers';

/** The engine (`ChatBuilder`) over the Chat Completions provider and real sockets. */
describe('ChatBuilder over the Chat Completions wire (emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
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

  it('chat.embed() through the Ollama preset (native /api/embed)', async () => {
    const ollama = new OllamaBuilder().withBaseUrl(emulator.url('/v1')).withModel('llama3.2').withEmbeddings('nomic-embed-text').build();
    const res = await new ChatBuilder().withModel(ollama).build().embed(['a', 'b', 'c']);
    expect(res.vectors).toHaveLength(3);
    res.vectors.forEach((v, i) => expect(v[0]).toBeCloseTo(emulatedEmbedding(['a', 'b', 'c'][i])[0], 5));
    expect(emulator.requests().map((r) => r.path)).toContain('/api/embed');
  });
});
