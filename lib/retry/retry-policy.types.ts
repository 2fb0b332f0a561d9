import type { Message } from '../core/message.types';
import type { ChatError } from '../errors/chat.error';

/** Delay before retry number `attempt` (1 = the first retry), in ms. */
export type BackoffStrategy = (attempt: number) => number;

/** What a retry callback is told. */
export interface RetryInfo {
  /** The attempt that just failed (1 = the first request). */
  readonly attempt: number;
  readonly error: ChatError;
  /** The delay the policy would wait, after Retry-After was applied. */
  readonly delayMs: number;
}

/**
 * Shortens a conversation that exceeded the model's context, for the next attempt. Returns the
 * messages to send instead, or undefined when nothing more can go (the error is then final).
 * {@link trimOldestTurns} is the shipped one.
 */
export type ContextTrimmer = (messages: readonly Message[]) => readonly Message[] | undefined;

/**
 * When and how to repeat a failed model request.
 *
 * @example
 * new ChatBuilder().withModel(p).withRetry(exponentialBackoff({ maxAttempts: 4, initialDelayMs: 250, maxDelayMs: 8000 }))
 */
export interface RetryPolicy {
  /** Total attempts, the first included (1 = no retry). Context trims do not count. */
  readonly maxAttempts: number;
  readonly backoff: BackoffStrategy;
  /** Overall time budget across attempts, ms: no retry starts if its delay would pass it. */
  readonly budgetMs?: number;
  /** Which errors to retry; default: `error.isRetryable`. */
  readonly retryIf?: (error: ChatError, attempt: number) => boolean;
  /**
   * Honour the server's `Retry-After` (default true): on a 408, 409, 429 (`RateLimitError`), a
   * 503/529 (`ProviderOverloadedError`) or another 5xx (`ServerError`), the wait before the retry is
   * at least what the server asked (`ChatError.retryAfterSeconds`).
   */
  readonly honourRetryAfter?: boolean;
  /**
   * Longest `Retry-After` the policy waits, ms (default: no cap). When the server asks for longer,
   * the policy gives up at once and the call fails with the server's error (its
   * `retryAfterSeconds` says when to come back): no retry, no `onRetry`. A router then falls back
   * to its next provider. Ignored with `honourRetryAfter: false`.
   */
  readonly maxRetryAfterMs?: number;
  /** Called before each retry; may return the delay to use instead (ms). */
  readonly onRetry?: (info: RetryInfo) => number | void | Promise<number | void>;
  /**
   * When a request fails with `ContextLengthExceededError`: shortens the messages and sends the
   * request again at once (e.g. `trimOldestTurns`). Only the request is shortened, never the
   * caller's conversation. Unset: the error is final.
   */
  readonly onContextLength?: ContextTrimmer;
}
