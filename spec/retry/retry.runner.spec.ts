import type { Clock } from '../../lib/core/clock.types';
import { AuthenticationError, CallbackError, RateLimitError, ServerError } from '../../lib/errors';
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
