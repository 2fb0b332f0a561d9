/**
 * Named holds shared by every instance: "nobody calls this provider for the next N ms" — what a
 * provider's `Retry-After` asks. A hold only ever extends (a shorter one never shortens it), in one
 * atomic step. Durations are relative, so instances' clocks need not agree (`RedisHoldStore` from
 * `chat-ts/redis` lets the server's clock expire the hold). `MemoryHoldStore` is the single-process default.
 *
 * @example
 * await holds.hold('openai:gpt-4o', 20_000); // a 429 said Retry-After: 20
 * const wait = await holds.remainingMs('openai:gpt-4o'); // on any instance: ~20000
 */
export interface HoldStore {
  /** Holds `key` for `durationMs` from now, unless it is already held longer. */
  hold(key: string, durationMs: number): Promise<void>;
  /** How long `key` stays held, ms (0 when it is not). */
  remainingMs(key: string): Promise<number>;
}
