/** A counter's total in its current window. */
export interface CounterValue {
  /** What was added in the current window (0 for a counter never added to, or whose window ended). */
  readonly total: number;
  /** Milliseconds until the current window ends (Infinity for a counter without a window, 0 when empty). */
  readonly resetInMs: number;
}

/** The outcome of {@link CounterStore.consume}. */
export interface CounterConsumeResult extends CounterValue {
  /** Whether the amount was added (the total stayed within the limit). */
  readonly allowed: boolean;
}

/**
 * Named counters with atomic updates, for rate limits (requests or tokens per window) and budgets
 * (spend per day): `add` always adds, `consume` adds only within a limit, both in one atomic step —
 * never read-modify-write — so several instances sharing a store (`RedisCounterStore` from
 * `chat-ts/redis`, Lua scripts) never overshoot together. A window starts with the first add to a
 * key and lasts `windowMs`; then the counter starts again from 0. Amounts may be fractional (dollars).
 * `MemoryCounterStore` is the single-process default.
 *
 * @example
 * const store: CounterStore = new MemoryCounterStore();
 * const slot = await store.consume('requests:gpt-4o', 1, 500, 60_000);
 * if (!slot.allowed) throw new Error(`try again in ${slot.resetInMs} ms`);
 * await store.add('spend:2025-01-01', 0.0042, 86_400_000);
 */
export interface CounterStore {
  /** Adds `amount` to `key` (starting its window of `windowMs` when it is empty; no window when omitted). */
  add(key: string, amount: number, windowMs?: number): Promise<CounterValue>;
  /** Adds `amount` to `key` only when the total stays at or below `limit`; otherwise adds nothing. */
  consume(key: string, amount: number, limit: number, windowMs?: number): Promise<CounterConsumeResult>;
  /** Reads a counter. */
  get(key: string): Promise<CounterValue>;
  /** Empties a counter (and ends its window). */
  reset(key: string): Promise<void>;
}
