import type { Clock } from '../core/clock.types';
import { systemClock } from '../core/system.clock';
import { AbortedError } from '../errors/aborted.error';
import { CallbackError } from '../errors/callback.error';
import { ChatError } from '../errors/chat.error';
import type { RetryPolicy } from './retry-policy.types';

/** Options of {@link runWithRetry}. */
export interface RetryRunOptions {
  readonly clock?: Clock;
  /** Aborting it ends a wait between attempts, and no attempt follows. */
  readonly signal?: AbortSignal;
  /**
   * Sees each failure first; returning true means it removed the cause (e.g. trimmed a conversation
   * that was too long): the call is repeated at once, and that repetition is not counted by the policy.
   */
  readonly recover?: (error: unknown, attempt: number) => boolean;
}

function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

/** The server's `Retry-After` of `error` in ms, when the policy honours it (429, 503/529, 5xx: any error carrying one). */
export function retryAfterMs(policy: RetryPolicy, error: ChatError): number | undefined {
  if (policy.honourRetryAfter === false) return undefined;
  const seconds = error.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The delay before retrying after `error` at `attempt`: the backoff, or the server's Retry-After when longer. */
export function retryDelay(policy: RetryPolicy, error: ChatError, attempt: number): number {
  const backoff = Math.max(0, policy.backoff(attempt));
  const asked = retryAfterMs(policy, error);
  return asked === undefined ? backoff : Math.max(backoff, asked);
}

/** True when the server asked to wait longer than the policy's `maxRetryAfterMs`: the policy gives up. */
export function retryAfterTooLong(policy: RetryPolicy, error: ChatError): boolean {
  const asked = retryAfterMs(policy, error);
  return asked !== undefined && policy.maxRetryAfterMs !== undefined && asked > policy.maxRetryAfterMs;
}

/**
 * Whether `error` should be retried under `policy` (ignores the budget). `attempt` is the attempt
 * that failed; `counted` the attempts the policy counts so far (default: `attempt`).
 */
export function shouldRetry(policy: RetryPolicy, error: unknown, attempt: number, counted = attempt): error is ChatError {
  if (!ChatError.is(error) || AbortedError.is(error) || CallbackError.is(error)) return false;
  if (counted >= policy.maxAttempts) return false;
  if (!policy.retryIf) return error.isRetryable;
  try {
    return policy.retryIf(error, attempt);
  } catch (thrown) {
    throw new CallbackError(`retryIf threw: ${messageOf(thrown)}`, { cause: error, thrown, callback: 'retryIf', provider: error.provider });
  }
}

/**
 * Runs `fn` and repeats it on retryable failures under `policy`. `fn` must be ONE model request
 * (never a tool run). The last error is rethrown as it was.
 *
 * @example
 * const reply = await runWithRetry(() => provider.complete(request), exponentialBackoff({ maxAttempts: 3 }));
 */
export async function runWithRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, options: RetryRunOptions = {}): Promise<T> {
  const started = (options.clock ?? systemClock).now();
  try {
    return await fn(1);
  } catch (error) {
    return retryAfterFirstFailure(error, fn, policy, options, started);
  }
}

/**
 * What {@link runWithRetry} does once the first attempt has failed with `error`: lets a caller
 * make that first attempt itself (and create no retry state at all when it succeeds), then hand
 * the failure over. `started` is when the first attempt began (`clock.now()`), for `budgetMs`.
 * @internal
 */
export async function retryAfterFirstFailure<T>(
  error: unknown,
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  options: RetryRunOptions,
  started: number,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  let counted = 1;
  let failure = error;
  for (let attempt = 1; ; ) {
    if (options.signal?.aborted) throw failure;
    if (options.recover?.(failure, attempt)) counted--;
    else {
      if (!shouldRetry(policy, failure, attempt, counted) || retryAfterTooLong(policy, failure)) throw failure;
      await waitBeforeRetry(policy, failure, attempt, counted, clock, started, options.signal);
    }
    attempt++;
    counted++;
    try {
      return await fn(attempt);
    } catch (next) {
      failure = next;
    }
  }
}

/** The wait before the next attempt after `error` (the policy's `onRetry` may choose it); throws when the budget or an abort ends the retries. */
async function waitBeforeRetry(policy: RetryPolicy, error: ChatError, attempt: number, counted: number, clock: Clock, started: number, signal?: AbortSignal): Promise<void> {
  let delay = retryDelay(policy, error, counted);
  if (policy.onRetry) {
    let chosen: number | void;
    try {
      chosen = await policy.onRetry({ attempt, error, delayMs: delay });
    } catch (thrown) {
      throw new CallbackError(`onRetry threw: ${messageOf(thrown)}`, { cause: error, thrown, callback: 'onRetry', provider: error.provider });
    }
    if (typeof chosen === 'number' && Number.isFinite(chosen) && chosen >= 0) delay = chosen;
  }
  if (policy.budgetMs !== undefined && clock.now() - started + delay > policy.budgetMs) throw error;
  try {
    await clock.sleep(delay, signal);
  } catch {
    throw new AbortedError('The wait before a retry was aborted', { provider: error.provider, cause: error });
  }
  if (signal?.aborted) throw new AbortedError('The wait before a retry was aborted', { provider: error.provider, cause: error });
}
