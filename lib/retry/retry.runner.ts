import type { Clock } from '../core/clock.types';
import { systemClock } from '../core/system.clock';
import { AbortedError } from '../errors/aborted.error';
import { CallbackError } from '../errors/callback.error';
import { ChatError } from '../errors/chat.error';
import { RateLimitError } from '../errors/rate-limit.error';
import type { RetryPolicy } from './retry-policy.types';

/** Options of {@link runWithRetry}. */
export interface RetryRunOptions {
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
}

/** The delay before retrying after `error` at `attempt`, with Retry-After applied. */
export function retryDelay(policy: RetryPolicy, error: ChatError, attempt: number): number {
  const backoff = policy.backoff(attempt);
  if (policy.honourRetryAfter !== false && error instanceof RateLimitError && error.retryAfterSeconds !== undefined) {
    return Math.max(backoff, error.retryAfterSeconds * 1000);
  }
  return backoff;
}

/** Whether `error` at `attempt` should be retried under `policy` (ignores the budget). */
export function shouldRetry(policy: RetryPolicy, error: unknown, attempt: number): error is ChatError {
  if (!(error instanceof ChatError) || error instanceof AbortedError || error instanceof CallbackError) return false;
  if (attempt >= policy.maxAttempts) return false;
  try {
    return policy.retryIf ? policy.retryIf(error, attempt) : error.isRetryable;
  } catch (cause) {
    throw new CallbackError(`retryIf threw: ${(cause as Error)?.message ?? String(cause)}`, { cause, provider: error.provider });
  }
}

/**
 * Runs `fn` and repeats it on retryable failures under `policy`. `fn` must be ONE model request
 * (never a tool run). The last error is rethrown as it was.
 */
export async function runWithRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, options: RetryRunOptions = {}): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!shouldRetry(policy, error, attempt)) throw error;
      let delay = retryDelay(policy, error, attempt);
      if (policy.onRetry) {
        let chosen: number | void;
        try {
          chosen = await policy.onRetry({ attempt, error, delayMs: delay });
        } catch (cause) {
          throw new CallbackError(`onRetry threw: ${(cause as Error)?.message ?? String(cause)}`, { cause: error, provider: error.provider, details: String(cause) });
        }
        if (typeof chosen === 'number' && chosen >= 0) delay = chosen;
      }
      if (policy.budgetMs !== undefined && clock.now() - started + delay > policy.budgetMs) throw error;
      try {
        await clock.sleep(delay, options.signal);
      } catch {
        throw new AbortedError('Retry wait aborted', { provider: error.provider, cause: error });
      }
    }
  }
}
