import type { RetryPolicy } from './retry-policy.types';

/** No retry: one attempt. */
export function noRetry(): RetryPolicy {
  return { maxAttempts: 1, backoff: () => 0 };
}

/** The same delay between attempts. */
export function fixedDelay(delayMs: number, maxAttempts = 3, extra: Partial<RetryPolicy> = {}): RetryPolicy {
  return { maxAttempts, backoff: () => delayMs, ...extra };
}

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions extends Partial<Omit<RetryPolicy, 'backoff'>> {
  readonly initialDelayMs?: number;
  readonly factor?: number;
  /** Cap of one delay. */
  readonly maxDelayMs?: number;
  /** `full` (random 0..delay, the default), `equal` (delay/2 + random half) or `none`. */
  readonly jitter?: 'full' | 'equal' | 'none';
  /** Random source in [0, 1), for tests. */
  readonly random?: () => number;
}

/** Exponential backoff with jitter and a cap. */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): RetryPolicy {
  const { initialDelayMs = 500, factor = 2, maxDelayMs = 30_000, jitter = 'full', random = Math.random, ...rest } = options;
  return {
    maxAttempts: 4,
    ...rest,
    backoff: (attempt) => {
      const base = Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1));
      if (jitter === 'none') return base;
      if (jitter === 'equal') return base / 2 + random() * (base / 2);
      return random() * base;
    },
  };
}
