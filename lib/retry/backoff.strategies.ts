import { ConfigurationError } from '../errors/configuration.error';
import type { RetryPolicy } from './retry-policy.types';
import { requireDuration, validateRetryPolicy } from './retry-policy.validation';

/** No retry: one attempt. */
export function noRetry(): RetryPolicy {
  return { maxAttempts: 1, backoff: () => 0 };
}

/**
 * The same delay between attempts. `maxAttempts` counts the first request (a whole number >= 1);
 * a bad number (NaN, negative, fractional) throws a `ConfigurationError`.
 *
 * @example
 * new ChatBuilder().withModel(p).withRetry(fixedDelay(250, 3)).build();
 */
export function fixedDelay(delayMs: number, maxAttempts = 3, extra: Partial<RetryPolicy> = {}): RetryPolicy {
  requireDuration('fixedDelay()', 'delayMs', delayMs);
  return validateRetryPolicy({ maxAttempts, backoff: () => delayMs, ...extra }, 'fixedDelay()');
}

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions extends Partial<Omit<RetryPolicy, 'backoff'>> {
  readonly initialDelayMs?: number;
  /** Growth per retry (>= 1, default 2). */
  readonly factor?: number;
  /** Cap of one delay. */
  readonly maxDelayMs?: number;
  /** `full` (random 0..delay, the default), `equal` (delay/2 + random half) or `none`. */
  readonly jitter?: 'full' | 'equal' | 'none';
  /** Random source in [0, 1), for tests. */
  readonly random?: () => number;
}

/**
 * Exponential backoff with jitter and a cap. Every number is checked: `maxAttempts` a whole number
 * >= 1 (default 4), delays >= 0, `factor` >= 1; a bad one throws a `ConfigurationError`.
 *
 * @example
 * exponentialBackoff({ maxAttempts: 5, initialDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 })
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): RetryPolicy {
  const { initialDelayMs = 500, factor = 2, maxDelayMs = 30_000, jitter = 'full', random = Math.random, ...rest } = options;
  const where = 'exponentialBackoff()';
  requireDuration(where, 'initialDelayMs', initialDelayMs);
  requireDuration(where, 'maxDelayMs', maxDelayMs, true);
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 1) {
    throw new ConfigurationError(`${where}: factor must be a finite number >= 1 (got ${String(factor)})`, { provider: 'retry' });
  }
  if (jitter !== 'full' && jitter !== 'equal' && jitter !== 'none') {
    throw new ConfigurationError(`${where}: jitter must be 'full', 'equal' or 'none' (got ${String(jitter)})`, { provider: 'retry' });
  }
  return validateRetryPolicy(
    {
      maxAttempts: 4,
      ...rest,
      backoff: (attempt) => {
        const base = Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1));
        if (jitter === 'none') return base;
        if (jitter === 'equal') return base / 2 + random() * (base / 2);
        return random() * base;
      },
    },
    where,
  );
}
