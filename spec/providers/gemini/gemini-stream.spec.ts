import { Subscription } from 'rxjs';
import type { ModelStreamEvent } from '../../../lib/core/stream-event.types';
import type { ToolCallPart } from '../../../lib/core/content-part.types';
import { AbortedError, ContentFilterError, InvalidResponseError, NetworkError, TimeoutError } from '../../../lib/errors';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { collect, eventually, geminiOn, stepFinish, userRequest } from '../../support/gemini-emulator';

const types = (events: readonly ModelStreamEvent[]): string[] => events.map((e) => e.type);

describe('GeminiProvider.stream (emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('streams text deltas over :streamGenerateContent?alt=sse and ends with usage and step-finish', async () => {
    emulator.script([{ text: 'The capital is Paris.', usage: { input: 7, output: 5 } }]);
    const events = await collect(geminiOn(emulator).build().stream(userRequest('Capital?')));
    const deltas = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('The capital is Paris.');
    expect(types(events).slice(-2)).toEqual(['usage', 'step-finish']);
    const { response } = stepFinish(events);
    expect(response.parts).toEqual([{ type: 'text', text: 'The capital is Paris.' }]);
    expect(response.usage).toEqual({ inputTokens: 7, outputTokens: 5, totalTokens: 12 });
    expect(response.finishReason).toEqual({ unified: 'stop', raw: 'STOP' });
    const request = emulator.requests()[0];
    expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(request.stream).toBe(true);
  });

  it('gives the same parts streamed as whole', async () => {
    const reply = { reasoning: 'Let me think step by step.', reasoningSignature: 'U0lH', text: 'Answer: 4.', usage: { input: 2, output: 9, reasoning: 5 } };
    emulator.script([reply, reply]);
    const provider = geminiOn(emulator, 'gemini-3-pro-preview').build();
    const whole = await provider.complete(userRequest('2+2'));
    const streamed = stepFinish(await collect(provider.stream(userRequest('2+2')))).response;
    const strip = (parts: typeof whole.parts) => parts.filter((p) => !(p.type === 'reasoning' && p.text === ''));
    expect(strip(streamed.parts)).toEqual(strip(whole.parts));
    const signatures = (parts: typeof whole.parts) => parts.flatMap((p) => (p.type === 'reasoning' && p.signature ? [p.signature] : []));
    expect(signatures(streamed.parts)).toEqual(['U0lH']);
    expect(streamed.usage).toEqual(whole.usage);
  });

  it('streams reasoning deltas before text', async () => {
    emulator.script([{ reasoning: 'First I think.', text: 'Then I answer.' }]);
    const events = await collect(geminiOn(emulator).build().stream(userRequest('x')));
    const firstText = types(events).indexOf('text-delta');
    const lastReasoning = types(events).lastIndexOf('reasoning-delta');
    expect(lastReasoning).toBeGreaterThanOrEqual(0);
    expect(lastReasoning).toBeLessThan(firstText);
    expect(events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.delta] : [])).join('')).toBe('First I think.');
  });

  it('streams parallel function calls as start/delta/end events', async () => {
    emulator.script([{ toolCalls: [{ name: 'a', arguments: { x: 1 } }, { name: 'b', arguments: { y: 'z' } }], reasoningSignature: 'U0lH' }]);
    const events = await collect(geminiOn(emulator).build().stream(userRequest('x')));
    const ends = events.flatMap((e) => (e.type === 'tool-call-end' ? [e.call] : []));
    expect(ends.map((c) => [c.name, c.arguments])).toEqual([
      ['a', { x: 1 }],
      ['b', { y: 'z' }],
    ]);
    const starts = events.flatMap((e) => (e.type === 'tool-call-start' ? [e.id] : []));
    expect(starts).toEqual(ends.map((c) => c.id));
    const { response } = stepFinish(events);
    expect(response.finishReason.unified).toBe('tool-calls');
    expect(response.parts.map((p) => p.type)).toEqual(['reasoning', 'tool-call', 'tool-call']);
  });

  it('assembles Gemini 3 partialArgs pieces into whole arguments', async () => {
    const args = { recipe: { name: 'Lasagna', servings: 6, vegetarian: false, notes: null, steps: ['Preheat the oven to 190 C.', 'Layer it all.'], ingredients: [{ name: 'Noodles', amount: '16 oz' }] } };
    emulator.script([{ toolCalls: [{ name: 'cookRecipe', arguments: args }, { name: 'getWeather', arguments: { location: 'San Francisco' } }], reasoningSignature: 'U0lH' }]);
    const provider = geminiOn(emulator, 'gemini-3.1-pro-preview').withStreamedFunctionArguments().build();
    const events = await collect(provider.stream(userRequest('cook', { tools: [{ name: 'cookRecipe', description: 'd', parameters: { type: 'object' } }] })));
    const body = emulator.requests()[0].body as { toolConfig: { functionCallingConfig: Record<string, unknown> } };
    expect(body.toolConfig.functionCallingConfig.streamFunctionCallArguments).toBe(true);
    const calls = stepFinish(events).response.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ['cookRecipe', args],
      ['getWeather', { location: 'San Francisco' }],
    ]);
    const deltas = events.flatMap((e) => (e.type === 'tool-call-delta' && e.id === calls[0].id ? [e.delta] : []));
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas[0]).toBe('{');
    expect(JSON.parse(deltas.join(''))).toEqual(args);
    const endAt = events.findIndex((e) => e.type === 'tool-call-end');
    const firstDeltaAt = events.findIndex((e) => e.type === 'tool-call-delta');
    expect(firstDeltaAt).toBeLessThan(endAt);
  });

  it('frames events with CRLF CRLF and survives chunk boundaries inside them', async () => {
    emulator.script([{ text: 'one two three four five six', chunkSize: 3 }]);
    const events = await collect(geminiOn(emulator).build().stream(userRequest('x')));
    expect(stepFinish(events).response.parts).toEqual([{ type: 'text', text: 'one two three four five six' }]);
  });

  it('fails with ContentFilterError when the prompt is blocked', async () => {
    emulator.script([{ finishReason: 'refusal' }]);
    await expect(collect(geminiOn(emulator).build().stream(userRequest('x')))).rejects.toBeInstanceOf(ContentFilterError);
  });

  it('fails with InvalidResponseError on a malformed event, NetworkError on a reset', async () => {
    emulator.script([{ text: 'a b c d e f', fault: 'malformed', afterChunks: 2 }, { text: 'a b c d e f', fault: 'reset-mid', afterChunks: 2 }]);
    const provider = geminiOn(emulator).build();
    await expect(collect(provider.stream(userRequest('x')))).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(collect(provider.stream(userRequest('x')))).rejects.toBeInstanceOf(NetworkError);
  });

  it('fails with TimeoutError when the stream stalls', async () => {
    emulator.script([{ text: 'a b c d e f', fault: 'stall-mid', afterChunks: 2 }]);
    const error = await collect(geminiOn(emulator).withIdleTimeout(150).build().stream(userRequest('x'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).kind).toBe('idle');
  });

  it('aborts the HTTP request when unsubscribed, and on the caller signal', async () => {
    emulator.script([{ text: 'a b c d e f g h', chunkDelayMs: 50 }, { text: 'a b c d e f g h', chunkDelayMs: 50 }]);
    const provider = geminiOn(emulator).build();
    let subscription: Subscription | undefined;
    await new Promise<void>((resolve) => {
      subscription = provider.stream(userRequest('x')).subscribe((e) => {
        if (e.type === 'text-delta') resolve();
      });
    });
    subscription?.unsubscribe();
    await eventually(() => emulator.requests()[0].closedByClient);
    expect(emulator.requests()[0].completed).toBe(false);

    const controller = new AbortController();
    const pending = collect(provider.stream(userRequest('x', { signal: controller.signal })));
    setTimeout(() => controller.abort(), 60);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it('is cold: nothing is sent before subscribing', async () => {
    const stream = geminiOn(emulator).build().stream(userRequest('x'));
    await new Promise((r) => setTimeout(r, 20));
    expect(emulator.requests()).toHaveLength(0);
    await collect(stream);
    expect(emulator.requests()).toHaveLength(1);
  });
});
