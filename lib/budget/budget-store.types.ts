/** A budget counter after an operation. */
export interface BudgetCounter {
  /** Whether the amount was added (a `reserve` within the limit, or an `adjust`). */
  readonly ok: boolean;
  /** The counter after the operation (when refused: as it stands). */
  readonly used: number;
}

/**
 * Where budget counters live: one number per budget, caller and window, under a `key`
 * (`<budget>:<hashed caller>:<window>:<window start>`; not namespaced: a shared store adds its own prefix).
 * Each method must be ATOMIC across every process sharing the store (the in-memory store is, in
 * one process; a Redis store does it with one Lua script or `INCRBYFLOAT` under `WATCH`).
 * A counter that does not exist is 0; a created or changed counter expires at `expiresAt`
 * (epoch ms, the end of its window plus a margin), after which it is 0 again.
 *
 * @example
 * // Redis (sketch): reserve = EVAL "local v = tonumber(redis.call('GET', KEYS[1]) or '0')
 * //   if v + ARGV[1] > tonumber(ARGV[2]) then return {0, tostring(v)} end
 * //   v = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1]); redis.call('PEXPIREAT', KEYS[1], ARGV[3]); return {1, v}"
 */
export interface BudgetStore {
  /** Adds `amount` to counter `key` if the result stays <= `limit`; otherwise changes nothing. */
  reserve(key: string, amount: number, limit: number, expiresAt: number): Promise<BudgetCounter>;
  /** Adds `delta` (negative: gives back) to counter `key` unconditionally; returns the counter after (`ok: true`). */
  adjust(key: string, delta: number, expiresAt: number): Promise<BudgetCounter>;
}
