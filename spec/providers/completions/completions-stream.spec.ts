import { ProviderEmulator } from '../../../lib/testing/emulator';
import type { ModelStreamEvent, StepFinishEvent } from '../../../lib/core/stream-event.types';
import { ask, collect, emulatedProvider, streamFailure } from './completions-spec.helpers';
import { AbortedError } from '../../../lib/errors';

const finishOf = (events: ModelStreamEvent[]): StepFinishEvent => events.at(-1) as StepFinishEvent;

describe('Chat Completions streaming (emulator, real sockets)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('streams reasoning then text deltas, usage, and ends with step-finish holding what complete() returns', async () => {
    const reply = { text: 'It is sunny in Paris.', reasoning: 'Look outside.', usage: { input: 5, output: 7, reasoning: 2 } };
    emulator.script([reply, reply]);
    const provider = emulatedProvider(emulator);
    const events = await collect(provider.stream(ask('Weather?')));
    const deltas = (type: string): string =>
      events.flatMap((e) => (e.type === type ? [(e as { delta: string }).delta] : [])).join('');
    expect(deltas('reasoning-delta')).toBe('Look outside.');
    expect(deltas('text-delta')).toBe('It is sunny in Paris.');
    expect(events.filter((e) => e.type === 'text-delta').length).toBe(5);
    const firstText = events.findIndex((e) => e.type === 'text-delta');
    expect(events.findIndex((e) => e.type === 'reasoning-delta')).toBeLessThan(firstText);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 5, outputTokens: 7, totalTokens: 12, reasoningTokens: 2 } }]);
    const streamed = finishOf(events).response;
    const whole = await provider.complete(ask('Weather?'));
    expect(streamed.parts).toEqual(whole.parts);
    expect(streamed.usage).toEqual(whole.usage);
    expect(streamed.finishReason).toEqual(whole.finishReason);
  });

  it('accumulates parallel tool calls whose argument fragments interleave by index', async () => {
    emulator.script([
      {
        toolCalls: [
          { id: 'call_paris', name: 'weather', arguments: { city: 'Paris', unit: 'celsius' } },
          { id: 'call_rome', name: 'weather', arguments: { city: 'Rome', unit: 'fahrenheit' } },
          { name: 'time', arguments: { zone: 'Europe/Berlin' } },
        ],
        chunkSize: 5,
        interleaveToolCalls: true,
      },
    ]);
    const events = await collect(emulatedProvider(emulator).stream(ask('x')));
    const starts = events.filter((e) => e.type === 'tool-call-start');
    expect(starts.map((e) => (e as { name: string }).name)).toEqual(['weather', 'weather', 'time']);
    const deltaIds = events.filter((e) => e.type === 'tool-call-delta').map((e) => (e as { id: string }).id);
    expect(deltaIds.slice(0, 3)).toEqual(['call_paris', 'call_rome', deltaIds[2]]); // round-robin interleaving
    for (const start of starts) {
      const id = (start as { id: string }).id;
      const text = events.flatMap((e) => (e.type === 'tool-call-delta' && e.id === id ? [e.delta] : [])).join('');
      const end = events.find((e) => e.type === 'tool-call-end' && e.call.id === id);
      expect(end && end.type === 'tool-call-end' && end.call.arguments).toEqual(JSON.parse(text));
    }
    const { response } = finishOf(events);
    expect(response.parts).toEqual([
      { type: 'tool-call', id: 'call_paris', name: 'weather', arguments: { city: 'Paris', unit: 'celsius' }, status: 'pending' },
      { type: 'tool-call', id: 'call_rome', name: 'weather', arguments: { city: 'Rome', unit: 'fahrenheit' }, status: 'pending' },
      expect.objectContaining({ name: 'time', arguments: { zone: 'Europe/Berlin' } }),
    ]);
    expect(response.finishReason.unified).toBe('tool-calls');
  });

  it('is cold: nothing is sent before subscribing, and each subscription sends its own request', async () => {
    emulator.script([{ text: 'one' }, { text: 'two' }]);
    const stream = emulatedProvider(emulator).stream(ask('x'));
    await new Promise((r) => setTimeout(r, 20));
    expect(emulator.requests()).toHaveLength(0);
    await collect(stream);
    await collect(stream);
    expect(emulator.requests()).toHaveLength(2);
  });

  it('unsubscribing aborts the request: the emulator sees the socket close', async () => {
    emulator.script([{ text: 'a b c d e f g h i j k l m n o p', chunkDelayMs: 30 }]);
    const closed = emulator.waitForClientClose();
    const seen: ModelStreamEvent[] = [];
    const subscription = emulatedProvider(emulator)
      .stream(ask('x'))
      .subscribe((e) => {
        seen.push(e);
        if (seen.filter((s) => s.type === 'text-delta').length === 2) subscription.unsubscribe();
      });
    await closed;
    expect(emulator.requests()[0].closedByClient).toBe(true);
    expect(seen.some((e) => e.type === 'step-finish')).toBe(false);
  });

  it("a caller's AbortSignal ends the stream with AbortedError", async () => {
    emulator.script([{ text: 'a b c d e f g h', chunkDelayMs: 30 }]);
    const controller = new AbortController();
    const stream = emulatedProvider(emulator).stream(ask('x', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 60);
    const error = await streamFailure(stream);
    expect(error).toBeInstanceOf(AbortedError);
  });
});
