import type { Clock } from '../../lib/core/clock.types';
import { AbortedError, AuthenticationError, CallbackError, parseRetryAfter, RateLimitError, ServerError } from '../../lib/errors';
import { VirtualClock } from '../../lib/testing';
import { exponentialBackoff, fixedDelay, noRetry, runWithRetry, trimOldestTurns } from '../../lib/retry';
import type { Message } from '../../lib/core/message.types';

/** A clock whose sleeps complete at once and are recorded. */
function recordingClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    setTimer: () => () => undefined,
  };
}

const failing = (errors: Error[], value = 'ok') => {
  let calls = 0;
  const fn = jest.fn(async () => {
    const e = errors[calls++];
    if (e) throw e;
    return value;
  });
  return fn;
};

describe('runWithRetry', () => {
  it('retries retryable errors with the backoff delays, then succeeds', async () => {
    const clock = recordingClock();
    const fn = failing([new ServerError('500'), new ServerError('502')]);
    await expect(runWithRetry(fn, fixedDelay(100, 3), { clock })).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(clock.slept).toEqual([100, 100]);
  });

  it('never retries non-retryable errors', async () => {
    const fn = failing([new AuthenticationError('401')]);
    await expect(runWithRetry(fn, fixedDelay(1, 5), { clock: recordingClock() })).rejects.toBeInstanceOf(AuthenticationError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const last = new ServerError('third');
    const fn = failing([new ServerError('1'), new ServerError('2'), last]);
    await expect(runWithRetry(fn, fixedDelay(1, 3), { clock: recordingClock() })).rejects.toBe(last);
    await expect(runWithRetry(failing([new ServerError('x')]), noRetry())).rejects.toBeInstanceOf(ServerError);
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    const clock = recordingClock();
    const fn = failing([new RateLimitError('429', { retryAfterSeconds: 3 })]);
    await runWithRetry(fn, fixedDelay(100, 2), { clock });
    expect(clock.slept).toEqual([3000]);
  });

  it('grows delays exponentially up to the cap', async () => {
    const clock = recordingClock();
    const fn = failing([1, 2, 3, 4].map((i) => new ServerError(String(i))));
    await runWithRetry(fn, exponentialBackoff({ maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 300, jitter: 'none' }), { clock });
    expect(clock.slept).toEqual([100, 200, 300, 300]);
  });

  it('applies full jitter within [0, delay)', async () => {
    const clock = recordingClock();
    await runWithRetry(failing([new ServerError('1')]), exponentialBackoff({ initialDelayMs: 1000, random: () => 0.25 }), { clock });
    expect(clock.slept).toEqual([250]);
  });

  it('stops when the budget would be passed', async () => {
    const fn = failing([new ServerError('1'), new ServerError('2')]);
    await expect(runWithRetry(fn, fixedDelay(600, 5, { budgetMs: 1000 }), { clock: recordingClock() })).rejects.toThrow('2');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('lets the callback see attempts and choose the delay, and a custom predicate decide', async () => {
    const clock = recordingClock();
    const seen: number[] = [];
    const policy = fixedDelay(100, 4, {
      onRetry: ({ attempt }) => {
        seen.push(attempt);
        return attempt * 7;
      },
      retryIf: (e) => e.message !== 'stop',
    });
    const fn = failing([new ServerError('a'), new ServerError('b'), new ServerError('stop')]);
    await expect(runWithRetry(fn, policy, { clock })).rejects.toThrow('stop');
    expect(seen).toEqual([1, 2]);
    expect(clock.slept).toEqual([7, 14]);
  });

  it('wraps a throwing callback in CallbackError that keeps the original error', async () => {
    const original = new ServerError('boom');
    const policy = fixedDelay(1, 3, { onRetry: () => { throw new Error('hook broke'); } });
    const error = await runWithRetry(failing([original]), policy, { clock: recordingClock() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError & { cause: unknown }).cause).toBe(original);
  });
});

describe('runWithRetry: recovery, aborts and callbacks', () => {
  it('a recovered failure is repeated at once and not counted as an attempt', async () => {
    const clock = recordingClock();
    const tooLong = new ServerError('too long', { retryable: false });
    const fn = failing([tooLong, tooLong, new ServerError('500')]);
    const attempts: number[] = [];
    const value = await runWithRetry(
      async (attempt) => {
        attempts.push(attempt);
        return fn();
      },
      fixedDelay(10, 2),
      { clock, recover: (e) => e === tooLong },
    );
    expect(value).toBe('ok');
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(clock.slept).toEqual([10]);
  });

  it('an abort during the wait ends with AbortedError keeping the failure as cause, and no attempt follows', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const original = new ServerError('500');
    const fn = failing([original]);
    const run = runWithRetry(fn, fixedDelay(1000, 3), { clock, signal: controller.signal });
    await new Promise((r) => setImmediate(r));
    expect(clock.pendingTimers).toBe(1);
    controller.abort();
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as { cause?: unknown }).cause).toBe(original);
    await clock.advanceAsync(5000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not retry once the signal is aborted', async () => {
    const controller = new AbortController();
    const fn = jest.fn(async () => {
      controller.abort();
      throw new ServerError('500');
    });
    await expect(runWithRetry(fn, fixedDelay(0, 3), { signal: controller.signal, clock: recordingClock() })).rejects.toBeInstanceOf(ServerError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('a throwing retryIf is a CallbackError keeping the original error as cause and the thrown one apart', async () => {
    const original = new ServerError('boom');
    const broken = new Error('predicate broke');
    const error = await runWithRetry(failing([original]), fixedDelay(0, 3, { retryIf: () => { throw broken; } }), { clock: recordingClock() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).cause).toBe(original);
    expect((error as CallbackError).thrown).toBe(broken);
    expect((error as CallbackError).callback).toBe('retryIf');
    expect((error as CallbackError).message).toContain('predicate broke');
  });

  it('never retries a CallbackError or an AbortedError, even when a predicate says so', async () => {
    const fn = failing([new CallbackError('hook')]);
    await expect(runWithRetry(fn, fixedDelay(0, 3, { retryIf: () => true }), { clock: recordingClock() })).rejects.toBeInstanceOf(CallbackError);
    expect(fn).toHaveBeenCalledTimes(1);
    const aborted = failing([new AbortedError('gone')]);
    await expect(runWithRetry(aborted, fixedDelay(0, 3, { retryIf: () => true }), { clock: recordingClock() })).rejects.toBeInstanceOf(AbortedError);
    expect(aborted).toHaveBeenCalledTimes(1);
  });

  it('honours a Retry-After given as an HTTP date (parsed into seconds by the provider)', async () => {
    const clock = recordingClock();
    const seconds = parseRetryAfter(new Date(Date.UTC(2025, 0, 1, 0, 0, 12)).toUTCString(), Date.UTC(2025, 0, 1, 0, 0, 0));
    await runWithRetry(failing([new RateLimitError('429', { retryAfterSeconds: seconds })]), fixedDelay(100, 2), { clock });
    expect(clock.slept).toEqual([12000]);
    const ignoring = recordingClock();
    await runWithRetry(failing([new RateLimitError('429', { retryAfterSeconds: 12 })]), fixedDelay(100, 2, { honourRetryAfter: false }), { clock: ignoring });
    expect(ignoring.slept).toEqual([100]);
  });

  it('equal jitter stays within [delay/2, delay)', async () => {
    const clock = recordingClock();
    await runWithRetry(failing([new ServerError('1'), new ServerError('2')]), exponentialBackoff({ initialDelayMs: 1000, jitter: 'equal', random: () => 0.5 }), { clock });
    expect(clock.slept).toEqual([750, 1500]);
  });
});

describe('trimOldestTurns', () => {
  const text = (role: Message['role'], t: string): Message => ({ role, parts: [{ type: 'text', text: t }] });
  it('drops the oldest turn but keeps system messages and the last user message', () => {
    const messages = [text('system', 's'), text('user', 'u1'), text('assistant', 'a1'), text('user', 'u2'), text('assistant', 'a2'), text('user', 'u3')];
    expect(trimOldestTurns(messages)?.map((m) => m.parts[0].type === 'text' && m.parts[0].text)).toEqual(['s', 'u2', 'a2', 'u3']);
    expect(trimOldestTurns(messages, 5)?.map((m) => (m.parts[0] as { text: string }).text)).toEqual(['s', 'u3']);
    expect(trimOldestTurns([text('system', 's'), text('user', 'only')])).toBeUndefined();
  });

  it('refuses to drop an unanswered tool call', () => {
    const messages: Message[] = [
      text('user', 'u1'),
      { role: 'assistant', parts: [{ type: 'tool-call', id: 'c', name: 'f', arguments: {}, status: 'pending' }] },
      text('user', 'u2'),
    ];
    expect(trimOldestTurns(messages)).toBeUndefined();
  });
});
