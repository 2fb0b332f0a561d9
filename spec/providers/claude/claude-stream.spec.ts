import { firstValueFrom, filter } from 'rxjs';
import type { ModelStreamEvent } from '../../../lib/core/stream-event.types';
import type { JsonObject } from '../../../lib/core/json.types';
import { UnsupportedFeatureError } from '../../../lib/errors/unsupported-feature.error';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { claudeOn, collect, newSession, stepFinish, user } from '../../support/claude-emulator';

const text = (events: readonly ModelStreamEvent[], type: 'text-delta' | 'reasoning-delta'): string =>
  events.map((e) => (e.type === type ? e.delta : '')).join('');

describe('ClaudeProvider.stream()', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  it('streams text deltas, usage updates and a step-finish equal to what complete() returns', async () => {
    const s = newSession();
    const reply = { text: 'The quick brown fox jumps.', usage: { input: 40, output: 9, cached: 30 } };
    emulator.script([reply, reply], s);
    const claude = claudeOn(emulator, s);
    const events = await collect(claude.stream({ messages: [user('go')] }));
    expect(emulator.requests(s)[0].body).toMatchObject({ stream: true });
    expect(emulator.requests(s)[0].headers.accept).toContain('text/event-stream');
    expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(1);
    expect(text(events, 'text-delta')).toBe('The quick brown fox jumps.');
    const usages = events.filter((e): e is Extract<ModelStreamEvent, { type: 'usage' }> => e.type === 'usage');
    expect(usages[0].usage.outputTokens).toBe(1); // message_start
    expect(usages[usages.length - 1].usage).toEqual({ inputTokens: 40, outputTokens: 9, totalTokens: 49, cachedInputTokens: 30, cacheCreationTokens: 0 });
    const finished = stepFinish(events).response;
    const whole = await claude.complete({ messages: [user('go')] });
    expect(finished.parts).toEqual(whole.parts);
    expect(finished.usage).toEqual(whole.usage);
    expect(finished.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
  });

  it('streams thinking as reasoning deltas and keeps the signature on the final part', async () => {
    const s = newSession();
    emulator.script([{ reasoning: 'First, add the numbers.', reasoningSignature: 'sig-stream-1', text: 'It is 4.' }], s);
    const events = await collect(claudeOn(emulator, s, (b) => b.withThinking(1024)).stream({ messages: [user('2+2')] }));
    expect(text(events, 'reasoning-delta')).toBe('First, add the numbers.');
    expect(events.findIndex((e) => e.type === 'reasoning-delta')).toBeLessThan(events.findIndex((e) => e.type === 'text-delta'));
    expect(stepFinish(events).response.parts).toEqual([
      { type: 'reasoning', text: 'First, add the numbers.', signature: 'sig-stream-1', origin: { provider: 'claude', model: 'claude-sonnet-4-5' } },
      { type: 'text', text: 'It is 4.' },
    ]);
  });

  it('streams parallel tool calls: start, argument deltas, complete call', async () => {
    const s = newSession();
    emulator.script(
      [{ toolCalls: [{ id: 'toolu_1', name: 'getWeather', arguments: { city: 'Paris', unit: 'celsius' } }, { id: 'toolu_2', name: 'getWeather', arguments: { city: 'Oslo', unit: 'celsius' } }] }],
      s,
    );
    const events = await collect(
      claudeOn(emulator, s).stream({ messages: [user('weather?')], tools: [{ name: 'getWeather', description: 'w', parameters: { type: 'object' } }] }),
    );
    const kinds = events.filter((e) => e.type.startsWith('tool-call')).map((e) => `${e.type}:${'id' in e ? e.id : e.type === 'tool-call-end' ? e.call.id : ''}`);
    expect(kinds[0]).toBe('tool-call-start:toolu_1');
    expect(kinds).toContain('tool-call-end:toolu_1');
    expect(kinds.indexOf('tool-call-end:toolu_1')).toBeLessThan(kinds.indexOf('tool-call-start:toolu_2'));
    const deltas = events.filter((e) => e.type === 'tool-call-delta' && e.id === 'toolu_2').map((e) => (e as { delta: string }).delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(JSON.parse(deltas.join(''))).toEqual({ city: 'Oslo', unit: 'celsius' });
    const ends = events.filter((e) => e.type === 'tool-call-end').map((e) => (e as { call: unknown }).call);
    expect(ends).toEqual([
      expect.objectContaining({ id: 'toolu_1', name: 'getWeather', arguments: { city: 'Paris', unit: 'celsius' }, status: 'pending' }),
      expect.objectContaining({ id: 'toolu_2', arguments: { city: 'Oslo', unit: 'celsius' } }),
    ]);
    expect(stepFinish(events).response.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
  });

  it('streams forced-tool structured output as JSON text, without tool events', async () => {
    const s = newSession();
    emulator.script([{ text: 'Calling the tool.', json: { ok: true, items: [1, 2, 3] } }], s);
    const events = await collect(
      claudeOn(emulator, s, (b) => b.withStructuredOutput('tool')).stream({ messages: [user('x')], responseFormat: { name: 'R', schema: { type: 'object' } } }),
    );
    expect(events.some((e) => e.type.startsWith('tool-call'))).toBe(false);
    expect(JSON.parse(text(events, 'text-delta'))).toEqual({ ok: true, items: [1, 2, 3] });
    expect(stepFinish(events).response.parts).toEqual([{ type: 'text', text: '{"ok":true,"items":[1,2,3]}' }]);
    expect(stepFinish(events).response.finishReason.unified).toBe('stop');
  });

  it('streams native structured output as text', async () => {
    const s = newSession();
    emulator.script([{ json: { name: 'Ada' } }], s);
    const events = await collect(claudeOn(emulator, s).stream({ messages: [user('x')], responseFormat: { name: 'P', schema: { type: 'object' } } }));
    expect((emulator.requests(s)[0].body as JsonObject).output_config).toBeDefined();
    expect(JSON.parse(text(events, 'text-delta'))).toEqual({ name: 'Ada' });
  });

  it('is cold: nothing is sent before subscribing, and each subscription sends its own request', async () => {
    const s = newSession();
    emulator.script([{ text: 'one' }, { text: 'two' }], s);
    const stream = claudeOn(emulator, s).stream({ messages: [user('x')] });
    await new Promise((r) => setTimeout(r, 20));
    expect(emulator.requests(s)).toHaveLength(0);
    expect(text(await collect(stream), 'text-delta')).toBe('one');
    expect(text(await collect(stream), 'text-delta')).toBe('two');
    expect(emulator.requests(s)).toHaveLength(2);
  });

  it('aborts the HTTP request when the subscriber unsubscribes', async () => {
    const s = newSession();
    emulator.script([{ text: 'a b c d e f g h i j k l m n o p', chunkDelayMs: 30 }], s);
    const closed = emulator.waitForClientClose();
    await firstValueFrom(claudeOn(emulator, s).stream({ messages: [user('x')] }).pipe(filter((e) => e.type === 'text-delta')));
    await closed;
    expect(emulator.requests(s)[0].closedByClient).toBe(true);
  });

  it('reports request-mapping errors through the Observable, not by throwing', async () => {
    const stream = claudeOn(emulator, newSession()).stream({
      messages: [{ role: 'user', parts: [{ type: 'file', source: { kind: 'url', url: 'https://x/y.mp3', mediaType: 'audio/mpeg' } }] }],
    });
    await expect(collect(stream)).rejects.toBeInstanceOf(UnsupportedFeatureError);
  });
});
