import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import type { ErrorEvent, StreamEvent } from '../../lib/core/stream-event.types';
import { ChatError, InvalidResponseError, NetworkError, ProviderOverloadedError, RateLimitError, ServerError, TimeoutError } from '../../lib/errors';
import { DEFAULT_RETRY_ATTEMPTS, defaultRetryPolicy, fixedDelay } from '../../lib/retry';
import { type ProviderEmulator, VirtualClock } from '../../lib/testing';
import { responsesAt, until, useFlakyEmulator } from '../support/emulated-providers';

/** Runs the clock's timers as they come (retry waits) until `work` settles; returns the waits seen, ms. */
async function drive<T>(clock: VirtualClock, work: Promise<T>): Promise<{ result: PromiseSettledResult<T>; waits: number[] }> {
  const waits: number[] = [];
  let settled: PromiseSettledResult<T> | undefined;
  void work.then(
    (value) => (settled = { status: 'fulfilled', value }),
    (reason: unknown) => (settled = { status: 'rejected', reason }),
  );
  while (!settled) {
    await until(() => settled !== undefined || clock.pendingTimers > 0, 5000, 'the call to settle or wait');
    if (settled) break;
    const before = clock.now();
    await clock.advanceAsync(120_000);
    waits.push(before);
  }
  return { result: settled, waits };
}

const texts = (events: readonly StreamEvent[]): string => events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');

/** Retries are on by default: a chat built without withRetry() sends a failed model request up to 3 times. */
describe('default retry policy', () => {
  let emulator: ProviderEmulator;
  useFlakyEmulator((e) => (emulator = e));
  const chatWith = (clock: VirtualClock) => new ChatBuilder().withModel(responsesAt(emulator, 'default')).withClock(clock).build();

  it('is 3 attempts with jittered exponential backoff (0.5 s then 1 s, each between half and all), capped Retry-After at 60 s', () => {
    const policy = defaultRetryPolicy();
    expect(policy.maxAttempts).toBe(DEFAULT_RETRY_ATTEMPTS);
    expect(DEFAULT_RETRY_ATTEMPTS).toBe(3);
    expect(policy.maxRetryAfterMs).toBe(60_000);
    const first = Array.from({ length: 200 }, () => policy.backoff(1));
    const second = Array.from({ length: 200 }, () => policy.backoff(2));
    expect(Math.min(...first)).toBeGreaterThanOrEqual(250);
    expect(Math.max(...first)).toBeLessThanOrEqual(500);
    expect(Math.min(...second)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...second)).toBeLessThanOrEqual(1000);
    expect(new Set(first).size).toBeGreaterThan(1); // jittered
  });

  it.each([
    [408, TimeoutError],
    [409, ChatError],
    [429, RateLimitError],
    [500, ServerError],
    [502, ServerError],
    [503, ProviderOverloadedError],
    [529, ProviderOverloadedError],
  ])('retries HTTP %s without withRetry(), and gives up after 3 attempts with the last error', async (status, type) => {
    const clock = new VirtualClock();
    emulator.script([{ error: { status } }, { text: 'second time' }]);
    const { result } = await drive(clock, chatWith(clock).complete('hi'));
    expect(result).toMatchObject({ status: 'fulfilled', value: { text: 'second time' } });
    expect(emulator.requests()).toHaveLength(2);

    emulator.reset();
    emulator.script([{ error: { status } }, { error: { status } }, { error: { status } }, { text: 'never sent' }]);
    const failed = await drive(clock, chatWith(clock).complete('hi'));
    expect(failed.result.status).toBe('rejected');
    expect((failed.result as PromiseRejectedResult).reason).toBeInstanceOf(type);
    expect(emulator.requests()).toHaveLength(3);
    expect(emulator.remaining()).toBe(1);
  });

  it('retries a connection reset before the response (whole and streamed)', async () => {
    const clock = new VirtualClock();
    emulator.script([{ fault: 'reset-before' }, { text: 'through' }, { fault: 'reset-before' }, { text: 'streamed' }]);
    const chat = chatWith(clock);
    await expect(drive(clock, chat.complete('hi')).then((r) => r.result)).resolves.toMatchObject({ value: { text: 'through' } });
    const events = await drive(clock, lastValueFrom(chat.stream('hi').pipe(toArray())));
    expect(events.result).toMatchObject({ status: 'fulfilled' });
    const seen = (events.result as PromiseFulfilledResult<StreamEvent[]>).value;
    expect(texts(seen)).toBe('streamed');
    expect(seen.find((e) => e.type === 'error')).toMatchObject({ type: 'error', attempt: 1, error: expect.any(NetworkError) });
    expect(emulator.requests()).toHaveLength(4);
  });

  it('waits the Retry-After a 429 gives in seconds, and one given as an HTTP date', async () => {
    const clock = new VirtualClock();
    const date = new Date(Date.now() + 10_000).toUTCString();
    emulator.script([{ error: { status: 429, retryAfter: 7 } }, { error: { status: 503, headers: { 'retry-after': date } } }, { text: 'after the waits' }]);
    const events: StreamEvent[] = [];
    const done = new Promise<void>((resolve, reject) => chatWith(clock).stream('hi').subscribe({ next: (e) => events.push(e), error: reject, complete: resolve }));
    await until(() => clock.pendingTimers === 1, 5000, 'the first wait');
    await clock.advanceAsync(6_999);
    expect(emulator.requests()).toHaveLength(1);
    await clock.advanceAsync(1);
    await until(() => clock.pendingTimers === 1, 5000, 'the second wait');
    await clock.advanceAsync(12_000);
    await done;
    const waits = events.filter((e): e is ErrorEvent => e.type === 'error');
    expect(waits.map((e) => e.attempt)).toEqual([1, 2]);
    expect(waits[0].delayMs).toBe(7000);
    expect(waits[0].error).toBeInstanceOf(RateLimitError);
    // an HTTP date has whole seconds: 9 to 10 s from when it was written
    expect(waits[1].delayMs).toBeGreaterThan(8_000);
    expect(waits[1].delayMs).toBeLessThanOrEqual(10_000);
    expect(texts(events)).toBe('after the waits');
    expect(events.at(-1)).toMatchObject({ type: 'finish', output: 'after the waits' });
  });

  it('a Retry-After over 60 s is not waited for: the error comes at once, saying when to come back', async () => {
    const clock = new VirtualClock();
    emulator.script([{ error: { status: 429, retryAfter: 3600 } }, { text: 'never sent' }]);
    await expect(chatWith(clock).complete('hi')).rejects.toMatchObject({ retryAfterSeconds: 3600 });
    expect(emulator.requests()).toHaveLength(1);
  });

  it('withRetry(false) sends each request once', async () => {
    emulator.script([{ error: { status: 503 } }, { text: 'never sent' }]);
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'default')).withRetry(false).build();
    await expect(chat.complete('hi')).rejects.toBeInstanceOf(ProviderOverloadedError);
    expect(emulator.requests()).toHaveLength(1);
  });

  it('never a 400, an authentication failure or an exhausted quota', async () => {
    const clock = new VirtualClock();
    for (const error of [{ status: 400 }, { status: 401 }, { status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota' }]) {
      emulator.reset();
      emulator.script([{ error }, { text: 'never sent' }]);
      await expect(chatWith(clock).complete('hi')).rejects.toMatchObject({ status: error.status, isRetryable: false });
      expect(emulator.requests()).toHaveLength(1);
    }
  });
});

/** An answer that arrived is never paid for twice: truncated, empty or malformed bodies fail at once. */
describe('never pay twice', () => {
  let emulator: ProviderEmulator;
  useFlakyEmulator((e) => (emulator = e));

  it.each([
    ['the default policy', undefined],
    ['a generous policy', fixedDelay(0, 5)],
  ])('with %s: a 200 cut in the middle, an empty 200 and a malformed first event are sent once', async (_label, policy) => {
    const provider = responsesAt(emulator, 'default');
    const chat = policy ? new ChatBuilder().withModel(provider).withRetry(policy).build() : new ChatBuilder().withModel(provider).build();
    for (const fault of ['truncate', 'empty'] as const) {
      emulator.reset();
      emulator.script([{ text: 'the whole answer', fault }, { text: 'never sent' }]);
      const error = await chat.complete('hi').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).isRetryable).toBe(false);
      expect(emulator.requests()).toHaveLength(1);
    }
    emulator.reset();
    emulator.script([{ text: 'the whole answer', fault: 'malformed', afterChunks: 0 }, { text: 'never sent' }]);
    const events: StreamEvent[] = [];
    const error = await new Promise<unknown>((resolve) => chat.stream('hi').subscribe({ next: (e) => events.push(e), error: resolve, complete: () => resolve(undefined) }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).isRetryable).toBe(false);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(emulator.requests()).toHaveLength(1);
  });
});
