/**
 * Time source for everything that waits (timeouts, backoff, Retry-After, circuit recovery, deferrals).
 * Inject a virtual clock in tests (`VirtualClock` from `chat-ts/testing`).
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}
