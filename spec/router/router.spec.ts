import { lastValueFrom, toArray } from 'rxjs';
import type { Message } from '../../lib/core/message.types';
import type { ProviderRequest } from '../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import {
  AbortedError,
  AllProvidersFailedError,
  AuthenticationError,
  CallbackError,
  ConfigurationError,
  InvalidRequestError,
  ProviderOverloadedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../lib/errors';
import { RouterBuilder } from '../../lib/router';
import { builtInWires, ProviderEmulator } from '../../lib/testing';
import { flakyEmbeddingsWire, openAIAt, requestCounts, responsesAt, withCapabilities } from '../support/emulated-providers';

const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] });
const ask = (text = 'hello'): ProviderRequest => ({ messages: [user(text)] });
const textOf = (parts: readonly { type: string; text?: string }[]): string => parts.map((p) => (p.type === 'text' ? p.text : '')).join('');

/** The router's default behaviour, each provider on its own emulator session. */
describe('RouterProvider: ordered fallback', () => {
  let emulator: ProviderEmulator;
  const embeddings = flakyEmbeddingsWire();
  beforeAll(async () => {
    emulator = await ProviderEmulator.start({ wires: [embeddings, ...builtInWires()] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    embeddings.failures.clear();
    embeddings.batches.length = 0;
  });

  const router = (...sessions: string[]) => sessions.reduce((b, s) => b.addProvider(responsesAt(emulator, s), { name: s }), new RouterBuilder() as RouterBuilder<boolean>) as RouterBuilder<true>;

  it('tries providers in order and falls back on retryable errors (429, 500, 503, 529, reset, timeout)', async () => {
    const cases = [{ error: { status: 429, retryAfter: 30 } }, { error: { status: 500 } }, { error: { status: 503 } }, { error: { status: 529 } }, { fault: 'reset-before' as const }];
    for (const failure of cases) {
      emulator.reset();
      emulator.script([failure], 'a').script([{ text: 'from b' }], 'b').script([{ text: 'from c' }], 'c');
      const response = await router('a', 'b', 'c').build().complete(ask());
      expect(textOf(response.parts)).toBe('from b');
      expect(response.metadata.model).toBe('model-b');
      expect(requestCounts(emulator, 'a', 'b', 'c')).toEqual({ a: 1, b: 1, c: 0 });
    }
    emulator.reset();
    emulator.script([{ text: 'slow', delayMs: 400 }], 'a').script([{ text: 'quick' }], 'b');
    const response = await router('a', 'b').build().complete({ ...ask(), timeout: 60 });
    expect(textOf(response.parts)).toBe('quick');
  });

  it('returns a non-retryable error at once, without trying the next provider', async () => {
    for (const [error, type] of [
      [{ status: 400, message: 'bad request' }, InvalidRequestError],
      [{ status: 401 }, AuthenticationError],
    ] as const) {
      emulator.reset();
      emulator.script([{ error }], 'a').script([{ text: 'from b' }], 'b');
      await expect(router('a', 'b').build().complete(ask())).rejects.toBeInstanceOf(type);
      expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 0 });
    }
  });

  it('when every provider fails, one AllProvidersFailedError carries each error in order', async () => {
    emulator.script([{ error: { status: 500 } }], 'a').script([{ error: { status: 429, retryAfter: 5 } }], 'b').script([{ error: { status: 529 } }], 'c');
    const error = (await router('a', 'b', 'c').build().complete(ask()).catch((e: unknown) => e)) as AllProvidersFailedError;
    expect(error).toBeInstanceOf(AllProvidersFailedError);
    expect(error.errors.map((e) => e.provider)).toEqual(['a', 'b', 'c']);
    expect(error.errors[0].error).toBeInstanceOf(ServerError);
    expect(error.errors[1].error).toBeInstanceOf(RateLimitError);
    expect((error.errors[1].error as RateLimitError).retryAfterSeconds).toBe(5);
    expect(error.errors[2].error).toBeInstanceOf(ProviderOverloadedError);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toMatch(/a: .*500.*; b: .*429.*; c: .*529/);
  });

  it('a router of one provider surfaces that provider’s own error', async () => {
    emulator.script([{ error: { status: 503 } }], 'a');
    await expect(router('a').build().complete(ask())).rejects.toBeInstanceOf(ProviderOverloadedError);
  });

  it('never falls back once the caller aborted', async () => {
    emulator.script([{ text: 'slow', delayMs: 300 }], 'a').script([{ text: 'from b' }], 'b');
    const controller = new AbortController();
    const pending = router('a', 'b').build().complete({ ...ask(), signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 0 });
  });

  it('withFallbackIf decides which errors move on', async () => {
    emulator.script([{ error: { status: 400, message: 'model does not support this' } }], 'a').script([{ text: 'from b' }], 'b');
    const r = router('a', 'b').withFallbackIf((e) => e.isRetryable || e.status === 400).build();
    expect(textOf((await r.complete(ask())).parts)).toBe('from b');

    emulator.reset();
    emulator.script([{ error: { status: 500 } }], 'a').script([{ text: 'from b' }], 'b');
    const never = router('a', 'b').withFallbackIf(() => false).build();
    await expect(never.complete(ask())).rejects.toBeInstanceOf(ServerError);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 0 });
  });

  it('a stream falls back transparently before its first event (no provider-fallback event)', async () => {
    emulator.script([{ fault: 'reset-before' }], 'a').script([{ error: { status: 502 } }], 'b').script([{ text: 'streamed by c' }], 'c');
    const events: ModelStreamEvent[] = await lastValueFrom(router('a', 'b', 'c').build().stream(ask()).pipe(toArray()));
    expect(events.some((e) => e.type === 'provider-fallback')).toBe(false);
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta).join('')).toBe('streamed by c');
    expect(events.at(-1)?.type).toBe('step-finish');
  });

  it('a stream whose every provider fails errors with each error', async () => {
    emulator.script([{ fault: 'stall-before' }], 'a').script([{ error: { status: 503 } }], 'b');
    const r = new RouterBuilder().addProvider(responsesAt(emulator, 'a', { idleTimeoutMs: 40 }), { name: 'a' }).addProvider(responsesAt(emulator, 'b'), { name: 'b' }).build();
    const error = (await lastValueFrom(r.stream(ask())).catch((e: unknown) => e)) as AllProvidersFailedError;
    expect(error).toBeInstanceOf(AllProvidersFailedError);
    expect(error.errors.map((e) => [e.provider, e.error.constructor])).toEqual([['a', TimeoutError], ['b', ProviderOverloadedError]]);
  });

  it('a strategy that throws is a CallbackError; one that keeps no provider fails without a call', async () => {
    const broken = router('a', 'b').withStrategy({ route: () => { throw new Error('rules file missing'); } }).build();
    const error = await broken.complete(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).message).toContain('rules file missing');
    await expect(lastValueFrom(broken.stream(ask()))).rejects.toBeInstanceOf(CallbackError);

    const none = router('a', 'b').withStrategy({ route: () => [] }).build();
    const empty = (await none.complete(ask()).catch((e: unknown) => e)) as AllProvidersFailedError;
    expect(empty).toBeInstanceOf(AllProvidersFailedError);
    expect(empty.errors).toEqual([]);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 0, b: 0 });
  });

  it('embeddings go to providers that can embed, falling back per batch', async () => {
    embeddings.failures.set('second', [503]);
    const r = new RouterBuilder()
      .addProvider(responsesAt(emulator, 'chat-only'), { name: 'chat-only' })
      .addProvider(openAIAt(emulator, 'e1'), { name: 'e1' })
      .addProvider(openAIAt(emulator, 'e2'), { name: 'e2' })
      .build();
    expect(r.capabilities.embeddings).toBe(true);
    expect(r.embeddingBatchSize).toBe(2048);
    const first = await r.embed({ texts: ['first'] });
    const second = await r.embed({ texts: ['second'] });
    expect(first.vectors).toHaveLength(1);
    expect(second.vectors).toHaveLength(1);
    expect(embeddings.batches).toEqual([['first'], ['second'], ['second']]);
    expect(requestCounts(emulator, 'chat-only')).toEqual({ 'chat-only': 0 });
  });

  it('is a provider: capabilities are the union, names are unique, an empty router cannot be built', () => {
    const plain = responsesAt(emulator, 'a');
    const r = new RouterBuilder()
      .addProvider(withCapabilities(plain, { tools: false, vision: false }))
      .addProvider(withCapabilities(plain, { tools: true, vision: true }))
      .build();
    expect(r.providers.map((p) => p.name)).toEqual(['responses', 'responses-2']);
    expect(r.capabilities).toMatchObject({ tools: true, vision: true, streaming: true });
    expect(r.model).toBe('model-a');
    expect(() => new RouterBuilder().addProvider(plain, { name: 'x' }).addProvider(plain, { name: 'x' })).toThrow(ConfigurationError);
    expect(() => (new RouterBuilder() as unknown as RouterBuilder<true>).build()).toThrow(ConfigurationError);
  });
});
