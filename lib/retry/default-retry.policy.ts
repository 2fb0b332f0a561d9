import type { RetryPolicy } from './retry-policy.types';
import { exponentialBackoff } from './backoff.strategies';

/** Attempts of the default policy: the first request and up to 2 retries. */
export const DEFAULT_RETRY_ATTEMPTS = 3;

/**
 * The retry policy of every `Chat` built without `withRetry()`: up to 2 more attempts of a failed
 * model request (or embedding batch), after 0.5 s then 1 s (each with equal jitter: between half
 * and all of it, capped at 8 s), or after the server's `Retry-After` when it asks for longer. A
 * server asking to wait more than 60 s is not waited for: the call fails at once with its error
 * (`retryAfterSeconds` says when to come back).
 *
 * What is retried is what is `isRetryable`: 408 and 504 (`TimeoutError`), 409, 429
 * (`RateLimitError`, not an exhausted quota), 500-599 (`ServerError`), 503/529
 * (`ProviderOverloadedError`), a connection refused or reset before the response
 * (`NetworkError`) and a timeout before it. A response that arrived (a 200 whose body is cut, empty
 * or malformed, a malformed event) is never repeated, nor is a stream once an event reached the
 * caller. `withRetry(false)` turns retries off.
 *
 * @example
 * new ChatBuilder().withModel(p).build();                                   // this policy
 * new ChatBuilder().withModel(p).withRetry(defaultRetryPolicy(), { onRetry }); // the same, observed
 * new ChatBuilder().withModel(p).withRetry(false);                          // one attempt
 */
export function defaultRetryPolicy(): RetryPolicy {
  return exponentialBackoff({ maxAttempts: DEFAULT_RETRY_ATTEMPTS, initialDelayMs: 500, factor: 2, maxDelayMs: 8_000, jitter: 'equal', maxRetryAfterMs: 60_000 });
}
