import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../../lib/chat';
import type { JsonObject } from '../../../lib/core/json.types';
import { Messages } from '../../../lib/core/messages';
import type { StreamEvent } from '../../../lib/core/stream-event.types';
import { ProviderOverloadedError } from '../../../lib/errors/provider-overloaded.error';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { claudeOn, newSession, rejection } from '../../support/claude-emulator';
import { makeTool, requireCity, weatherSpec } from '../../support/test-tools';

/** The engine over the Claude provider and real sockets: the emulator speaking the Messages wire. */
describe('ChatBuilder over Claude (emulated Messages API)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  const runs: string[] = [];
  const weather = makeTool({
    name: 'weather',
    validate: requireCity,
    execute: ({ city }: { city: string }) => {
      runs.push(city);
      return { city, celsius: city.length * 3 };
    },
  });
  const transfer = makeTool({ name: 'transfer', metadata: { requiresApproval: true }, execute: ({ amount }: { amount: number }) => `sent ${amount}` });
  beforeEach(() => runs.splice(0));

  const wireMessages = (session: string, index: number): JsonObject[] => (emulator.requests(session)[index].body as { messages: JsonObject[] }).messages;

  it('runs the tool loop: tool_use, the tool, tool_result on the wire, then the answer', async () => {
    const s = newSession();
    emulator.script([{ toolCalls: [{ id: 'toolu_w1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'It is 15 degrees in Paris.' }], s);
    const messages = Messages.fromUser('Weather in Paris?');
    const reply = await new ChatBuilder().withModel(claudeOn(emulator, s)).withTools([weather]).build().complete(messages);
    expect(reply.text).toBe('It is 15 degrees in Paris.');
    expect(runs).toEqual(['Paris']);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(wireMessages(s, 1)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_w1', name: 'weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_w1', content: '{"city":"Paris","celsius":15}' }] },
    ]);
    expect(reply.usage.inputTokens).toBeGreaterThan(0);
  });

  it('runs parallel calls and sends both results in one user turn', async () => {
    const s = newSession();
    emulator.script(
      [
        { toolCalls: [{ id: 'toolu_a', name: 'weather', arguments: { city: 'Oslo' } }, { id: 'toolu_b', name: 'weather', arguments: { city: 'Rome' } }] },
        { text: 'Oslo 12, Rome 12.' },
      ],
      s,
    );
    const reply = await new ChatBuilder().withModel(claudeOn(emulator, s)).withTools([weather]).build().complete(Messages.fromUser('Oslo and Rome?'));
    expect(reply.status).toBe('completed');
    expect(runs.sort()).toEqual(['Oslo', 'Rome']);
    const results = wireMessages(s, 1)[2];
    expect(results.role).toBe('user');
    expect((results.content as JsonObject[]).map((b) => [b.type, b.tool_use_id])).toEqual([
      ['tool_result', 'toolu_a'],
      ['tool_result', 'toolu_b'],
    ]);
  });

  it('keeps signed thinking in front of the tool call when it sends the tool result back', async () => {
    const s = newSession();
    emulator.script(
      [{ reasoning: 'I should look up the weather.', reasoningSignature: 'sig-tool-loop', toolCalls: [{ id: 'toolu_t', name: 'weather', arguments: { city: 'Lima' } }] }, { text: 'Lima: 12.' }],
      s,
    );
    await new ChatBuilder().withModel(claudeOn(emulator, s, (b) => b.withThinking(2048))).withTools([weather]).build().complete(Messages.fromUser('Lima?'));
    expect(wireMessages(s, 1)[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'I should look up the weather.', signature: 'sig-tool-loop' },
        { type: 'tool_use', id: 'toolu_t', name: 'weather', input: { city: 'Lima' } },
      ],
    });
  });

  it('streams a turn with a tool call in the middle, then the answer', async () => {
    const s = newSession();
    emulator.script([{ text: 'Checking.', toolCalls: [{ id: 'toolu_s', name: 'weather', arguments: { city: 'Kyiv' } }] }, { text: 'Kyiv is 12 degrees.' }], s);
    const messages = Messages.fromUser('Kyiv?');
    const events: StreamEvent[] = await lastValueFrom(new ChatBuilder().withModel(claudeOn(emulator, s)).withTools([weather]).build().stream(messages).pipe(toArray()));
    const types = events.map((e) => e.type);
    expect(types.indexOf('tool-call-end')).toBeLessThan(types.indexOf('tool-result'));
    expect(types[types.length - 1]).toBe('finish');
    expect(events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('')).toBe('Checking.Kyiv is 12 degrees.');
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(emulator.requests(s).every((r) => r.stream)).toBe(true);
  });

  it('pauses on a gated tool, survives a JSON round trip, and sends the approved result on resume', async () => {
    const s = newSession();
    emulator.script([{ toolCalls: [{ id: 'toolu_pay', name: 'transfer', arguments: { amount: 50 } }] }, { text: 'Sent 20.' }], s);
    const chat = new ChatBuilder().withModel(claudeOn(emulator, s)).withTools([transfer]).build();
    const messages = Messages.fromUser('Pay Bob 50');
    const paused = await chat.complete(messages);
    expect(paused.status).toBe('paused');
    expect(emulator.requests(s)).toHaveLength(1);
    const restored = Messages.fromJSON(JSON.stringify(messages));
    restored.approve(paused.pendingToolCalls[0].id, { arguments: { amount: 20 } });
    const done = await chat.complete(restored);
    expect(done.text).toBe('Sent 20.');
    const [, assistant, results] = wireMessages(s, 1);
    expect((assistant.content as JsonObject[])[0]).toMatchObject({ type: 'tool_use', name: 'transfer' });
    expect(results.content).toEqual([{ type: 'tool_result', tool_use_id: (assistant.content as JsonObject[])[0].id, content: 'sent 20' }]);
  });

  it('sends a rejection as an is_error tool_result', async () => {
    const s = newSession();
    emulator.script([{ toolCalls: [{ id: 'toolu_no', name: 'transfer', arguments: { amount: 9000 } }] }, { text: 'Understood, not sent.' }], s);
    const chat = new ChatBuilder().withModel(claudeOn(emulator, s)).withTools([transfer]).build();
    const messages = Messages.fromUser('Pay 9000');
    const paused = await chat.complete(messages);
    messages.reject(paused.pendingToolCalls[0].id, 'Too much money');
    expect((await chat.complete(messages)).text).toBe('Understood, not sent.');
    const result = (wireMessages(s, 1)[2].content as JsonObject[])[0];
    expect(result).toMatchObject({ type: 'tool_result', is_error: true });
    expect(String(result.content)).toContain('Too much money');
  });

  it.each([
    ['native output_config', 'claude-sonnet-4-5'],
    ['a forced json tool', 'claude-3-5-haiku-latest'],
  ])('returns validated structured output through %s, repairing an invalid first answer', async (_how, model) => {
    const s = newSession();
    emulator.script([{ json: { city: 'Paris' } }, { json: { city: 'Paris', celsius: 18 } }], s);
    const reply = await new ChatBuilder().withModel(claudeOn(emulator, s, undefined, model)).withStructuredOutput(weatherSpec).build().complete(Messages.fromUser('Weather?'));
    expect(reply.output).toEqual({ city: 'Paris', celsius: 18 });
    expect(emulator.requests(s)).toHaveLength(2);
    expect(JSON.stringify(wireMessages(s, 1))).toContain('celsius');
    const first = emulator.requests(s)[0].body as JsonObject;
    if (model.startsWith('claude-3')) expect(first.tool_choice).toEqual({ type: 'tool', name: 'json' });
    else expect(first.output_config).toBeDefined();
  });

  it('streams structured output: partial objects while the forced json tool is written, then the validated output', async () => {
    const s = newSession();
    emulator.script([{ json: { city: 'Nairobi', celsius: 24 } }], s);
    const chat = new ChatBuilder().withModel(claudeOn(emulator, s, (b) => b.withStructuredOutput('tool'))).withStructuredOutput(weatherSpec).build();
    const events: StreamEvent[] = await lastValueFrom(chat.stream(Messages.fromUser('Weather?')).pipe(toArray()));
    expect(events.filter((e) => e.type === 'partial-output').length).toBeGreaterThan(0);
    const finish = events[events.length - 1];
    expect(finish.type === 'finish' && finish.output).toEqual({ city: 'Nairobi', celsius: 24 });
  });

  it('sends images from the conversation', async () => {
    const s = newSession();
    emulator.script([{ text: 'A cat.' }], s);
    const messages = new Messages().user([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { kind: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
    ]);
    expect((await new ChatBuilder().withModel(claudeOn(emulator, s)).build().complete(messages)).text).toBe('A cat.');
    expect((wireMessages(s, 0)[0].content as JsonObject[])[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } });
  });

  it('fails with the typed error of the wire (529 overloaded)', async () => {
    const s = newSession();
    emulator.script([{ error: { status: 529 } }], s);
    const error = await rejection(new ChatBuilder().withModel(claudeOn(emulator, s)).withRetry(false).build().complete(Messages.fromUser('hi')));
    expect(error).toBeInstanceOf(ProviderOverloadedError);
  });
});
