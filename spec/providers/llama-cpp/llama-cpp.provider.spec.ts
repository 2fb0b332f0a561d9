import { inspect } from 'node:util';
import type { TextPart } from '../../../lib/core/content-part.types';
import type { ModelStreamEvent } from '../../../lib/core/stream-event.types';
import { AbortedError, TimeoutError, UnsupportedFeatureError } from '../../../lib/errors';
import { LlamaCppBuilder, type LlamaCppProvider } from '../../../lib/providers/llama-cpp';
import { collect, eventually, stepFinish, userSays, writeTinyModel, type TinyModelFile } from './tiny-model.fixture';

function textOf(parts: readonly { type: string }[]): string {
  return parts.filter((p): p is TextPart => p.type === 'text').map((p) => p.text).join('');
}

describe('LlamaCppProvider on a generated tiny model', () => {
  let file: TinyModelFile;
  let provider: LlamaCppProvider;

  beforeAll(async () => {
    file = await writeTinyModel({ neverEnds: true });
    provider = await new LlamaCppBuilder().withModelPath(file.path).withThreads(1).withLogLevel('error').build();
  });

  afterAll(async () => {
    await provider?.dispose();
    await file?.remove();
  });

  it('reports what it loaded', () => {
    const info = provider.loadedModel.info;
    expect(provider.id).toBe('llama-cpp');
    expect(provider.model).toBe('tiny');
    expect(info.contextSize).toBeGreaterThanOrEqual(1024);
    expect(info.sequences).toBe(2);
    expect(info.embeddingDimensions).toBe(64);
    expect(info.gpuLayers).toBe(0);
    expect(provider.capabilities).toMatchObject({ tools: true, structuredOutput: true, streaming: true, embeddings: true, vision: false });
  });

  it('shows itself as every provider does: provider id and model only', () => {
    expect(JSON.parse(JSON.stringify(provider))).toEqual({ provider: 'llama-cpp', model: 'tiny' });
    expect(inspect(provider)).toBe('LlamaCppProvider { provider: "llama-cpp", model: "tiny" }');
  });

  it('completes with a length finish and tokenizer usage when maxTokens is reached', async () => {
    const response = await provider.complete({ messages: userSays('Hello there'), options: { maxTokens: 8, temperature: 0 } });
    expect(response.finishReason).toEqual({ unified: 'length', raw: 'maxTokens' });
    expect(response.usage.outputTokens).toBe(8);
    expect(response.usage.totalTokens).toBe(response.usage.inputTokens + 8);
    expect(response.metadata).toEqual({ provider: 'llama-cpp', model: 'tiny' });
    expect(textOf(response.parts).length).toBeGreaterThan(0);
  });

  it('counts input tokens with the tokenizer: each extra ASCII byte is one more token', async () => {
    const short = await provider.complete({ messages: userSays('abc'), options: { maxTokens: 1 } });
    const long = await provider.complete({ messages: userSays('abcdefghij'), options: { maxTokens: 1 } });
    expect(long.usage.inputTokens - short.usage.inputTokens).toBe(7);
    const withSystem = await provider.complete({ system: 'Be brief.', messages: userSays('abc'), options: { maxTokens: 1 } });
    expect(withSystem.usage.inputTokens).toBeGreaterThan(short.usage.inputTokens + 'Be brief.'.length);
  });

  it('is deterministic at temperature 0 and with a fixed seed', async () => {
    const greedy = () => provider.complete({ messages: userSays('Say something'), options: { maxTokens: 10, temperature: 0 } });
    expect(textOf((await greedy()).parts)).toBe(textOf((await greedy()).parts));
    const seeded = () => provider.complete({ messages: userSays('Say something'), options: { maxTokens: 10, temperature: 1, seed: 7 } });
    expect(textOf((await seeded()).parts)).toBe(textOf((await seeded()).parts));
  });

  it('streams text deltas as tokens arrive, then usage, then step-finish carrying the same text', async () => {
    const events = await collect(provider.stream({ messages: userSays('Hello'), options: { maxTokens: 12, temperature: 0 } }));
    const types = events.map((e) => e.type);
    const deltas = events.filter((e): e is Extract<ModelStreamEvent, { type: 'text-delta' }> => e.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(types.slice(0, deltas.length)).toEqual(deltas.map(() => 'text-delta'));
    expect(types.slice(deltas.length)).toEqual(['usage', 'step-finish']);
    const finish = stepFinish(events);
    expect(deltas.map((d) => d.delta).join('')).toBe(textOf(finish.response.parts));
    expect(deltas.length).toBeLessThanOrEqual(finish.response.usage.outputTokens);
    expect(events[deltas.length]).toEqual({ type: 'usage', usage: finish.response.usage });
  });

  it('is cold: nothing is generated before subscribing', async () => {
    const before = provider.loadedModel.stats().generatedTokens;
    const stream = provider.stream({ messages: userSays('Hello'), options: { maxTokens: 5 } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(provider.loadedModel.stats().generatedTokens).toBe(before);
    await collect(stream);
    expect(provider.loadedModel.stats().generatedTokens).toBe(before + 5);
  });

  it('stops at a stop sequence with a stop finish', async () => {
    const free = await provider.complete({ messages: userSays('Hello'), options: { maxTokens: 40, temperature: 0 } });
    const text = textOf(free.parts);
    const stop = [...text].slice(1).find((char) => /^[!-~]$/.test(char));
    expect(stop).toBeDefined();
    const stopped = await provider.complete({ messages: userSays('Hello'), options: { maxTokens: 40, temperature: 0, stop: [stop!] } });
    expect(stopped.finishReason).toEqual({ unified: 'stop', raw: 'customStopTrigger' });
    // bytes of an unfinished UTF-8 character held back at the stop are dropped, so compare without U+FFFD
    const valid = (value: string): string => value.replace(/\uFFFD/g, '');
    expect(valid(textOf(stopped.parts))).toBe(valid(text.slice(0, text.indexOf(stop!))));
  });

  it('unsubscribing stops generation at once and frees the sequence for the next request', async () => {
    const model = provider.loadedModel;
    const before = model.stats().generatedTokens;
    await new Promise<void>((resolve, reject) => {
      const subscription = provider.stream({ messages: userSays('Go on'), options: { maxTokens: 1000 } }).subscribe({
        next: (event) => {
          if (event.type === 'text-delta') {
            subscription.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    await eventually(() => model.stats().busy === 0);
    expect(model.stats().generatedTokens - before).toBeLessThan(50); // the model never ends on its own: only the abort stopped it
    const next = await provider.complete({ messages: userSays('Again'), options: { maxTokens: 3 } });
    expect(next.usage.outputTokens).toBe(3);
  });

  it('fails with AbortedError when the caller aborts, and with TimeoutError on timeout', async () => {
    const controller = new AbortController();
    const pending = provider.complete({ messages: userSays('Go on'), options: { maxTokens: 1000 }, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    const immediate = { now: () => 0, sleep: async () => undefined, setTimer: (fn: () => void) => (setImmediate(fn), () => undefined) };
    const timed = await new LlamaCppBuilder().withLoadedModel(provider.loadedModel).withClock(immediate).build();
    await expect(timed.complete({ messages: userSays('Go on'), options: { maxTokens: 1000 }, timeout: 5 })).rejects.toBeInstanceOf(TimeoutError);
    await eventually(() => provider.loadedModel.stats().busy === 0);
  });

  it('refuses images (text-only model) with UnsupportedFeatureError', async () => {
    const messages = [{ role: 'user' as const, parts: [{ type: 'image' as const, source: { kind: 'url' as const, url: 'https://example.com/a.png' } }] }];
    await expect(provider.complete({ messages })).rejects.toBeInstanceOf(UnsupportedFeatureError);
  });

  it('emits warnings for ignored settings before the text', async () => {
    const events = await collect(
      provider.stream({ messages: userSays('Hi'), options: { maxTokens: 2 }, providerOptions: { notAnOption: 1, minP: 0.05 } }),
    );
    expect(events[0]).toEqual({ type: 'warning', message: 'llama-cpp ignores providerOptions.notAnOption' });
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(1);
  });
});
