import { ConfigurationError } from '../errors/configuration.error';
import type { RetryPolicy } from './retry-policy.types';

function fail(where: string, message: string): never {
  throw new ConfigurationError(`${where}: ${message}`, { provider: 'retry' });
}

/** Throws a `ConfigurationError` unless `value` is a whole number of at least `min` (NaN and Infinity are refused). */
export function requireWholeNumber(where: string, name: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(where, `${name} must be a whole number >= ${min} (got ${String(value)})`);
}

/** Throws a `ConfigurationError` unless `value` is a number >= 0 (NaN refused; Infinity only when `infinite`). */
export function requireDuration(where: string, name: string, value: number, infinite = false): void {
  const ok = typeof value === 'number' && value >= 0 && (infinite ? !Number.isNaN(value) : Number.isFinite(value));
  if (!ok) fail(where, `${name} must be a ${infinite ? '' : 'finite '}number of ms >= 0 (got ${String(value)})`);
}

/**
 * Checks a retry policy's numbers: `maxAttempts` a whole number >= 1 (NaN would retry forever),
 * `budgetMs` and `maxRetryAfterMs` >= 0 (Infinity allowed), `backoff` a function. Throws a
 * `ConfigurationError` naming the field; returns the policy.
 *
 * @example
 * validateRetryPolicy({ maxAttempts: 3, backoff: () => 100 }, 'withRetry()');
 */
export function validateRetryPolicy<P extends RetryPolicy>(policy: P, where: string): P {
  if (!policy || typeof policy !== 'object') fail(where, 'a retry policy object is required');
  requireWholeNumber(where, 'maxAttempts', policy.maxAttempts, 1);
  if (typeof policy.backoff !== 'function') fail(where, 'backoff must be a function (attempt) => delay in ms');
  if (policy.budgetMs !== undefined) requireDuration(where, 'budgetMs', policy.budgetMs, true);
  if (policy.maxRetryAfterMs !== undefined) requireDuration(where, 'maxRetryAfterMs', policy.maxRetryAfterMs, true);
  return policy;
}
