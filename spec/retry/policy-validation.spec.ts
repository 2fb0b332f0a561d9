import { ChatBuilder } from '../../lib/chat';
import { ConfigurationError } from '../../lib/errors';
import { exponentialBackoff, fixedDelay, validateRetryPolicy } from '../../lib/retry';
import { ScriptedProvider } from '../support/scripted.provider';

/** Retry policies check their numbers when made: NaN attempts used to retry forever. */
describe('retry policy validation', () => {
  it.each([NaN, -1, 0, 1.5, Infinity])('exponentialBackoff({ maxAttempts: %s }) throws a ConfigurationError', (maxAttempts) => {
    expect(() => exponentialBackoff({ maxAttempts })).toThrow(ConfigurationError);
    expect(() => exponentialBackoff({ maxAttempts })).toThrow(/maxAttempts must be a whole number >= 1/);
  });

  it.each([NaN, -2, 0, 2.5])('fixedDelay(100, %s) throws a ConfigurationError', (maxAttempts) => {
    expect(() => fixedDelay(100, maxAttempts)).toThrow(ConfigurationError);
  });

  it('refuses bad delays, factors, jitter, budgets and Retry-After caps', () => {
    expect(() => fixedDelay(NaN)).toThrow(/delayMs/);
    expect(() => fixedDelay(-5)).toThrow(/delayMs/);
    expect(() => exponentialBackoff({ initialDelayMs: -1 })).toThrow(/initialDelayMs/);
    expect(() => exponentialBackoff({ maxDelayMs: NaN })).toThrow(/maxDelayMs/);
    expect(() => exponentialBackoff({ factor: 0.5 })).toThrow(/factor/);
    expect(() => exponentialBackoff({ jitter: 'some' as 'full' })).toThrow(/jitter/);
    expect(() => fixedDelay(0, 3, { budgetMs: NaN })).toThrow(/budgetMs/);
    expect(() => exponentialBackoff({ maxRetryAfterMs: -1 })).toThrow(/maxRetryAfterMs/);
    expect(() => validateRetryPolicy({ maxAttempts: 2, backoff: 5 as unknown as () => number }, 'test')).toThrow(/backoff must be a function/);
  });

  it('accepts sound policies (Infinity is a valid cap and budget)', () => {
    expect(exponentialBackoff({ maxAttempts: 1, maxDelayMs: Infinity, budgetMs: Infinity }).maxAttempts).toBe(1);
    expect(fixedDelay(0, 7, { maxRetryAfterMs: 0 }).maxAttempts).toBe(7);
  });

  it('withRetry() checks a hand-made policy and its overrides', () => {
    const builder = new ChatBuilder().withModel(new ScriptedProvider([]));
    expect(() => builder.withRetry({ maxAttempts: NaN, backoff: () => 0 })).toThrow(ConfigurationError);
    expect(() => builder.withRetry(fixedDelay(0, 3), { maxAttempts: -1 })).toThrow(ConfigurationError);
  });
});
