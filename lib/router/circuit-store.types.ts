import type { CircuitState } from './circuit-state.types';

/** The breaker's settings, passed with every store call so one store can serve breakers with different settings. */
export interface CircuitPolicy {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit stays open before half-open probes are let through, ms. */
  readonly recoveryTimeMs: number;
  /** How many probe requests a half-open circuit lets through at once (across every instance sharing the store). */
  readonly maxProbes: number;
  /** A claimed probe is forgotten after this long, ms (its holder may have died without a verdict). */
  readonly probeLeaseMs: number;
}

/** A circuit as a store call left it. */
export interface CircuitOutcome {
  readonly state: CircuitState;
  /** Consecutive failures so far. */
  readonly failures: number;
  /** When the circuit last opened (epoch ms; 0 when it never did). */
  readonly openedAt: number;
  /** Whether the request may go (only meaningful for `acquire`). */
  readonly granted: boolean;
  /** The state before this call, when this call changed it. */
  readonly from?: CircuitState;
}

/**
 * Where a `CircuitBreaker` keeps its circuits. Each method is one atomic step on one provider's
 * circuit (the in-memory default in one process; `RedisCircuitStore` from `chat-ts/redis` across
 * processes, in Lua scripts), so instances sharing a store open, probe and close together.
 *
 * @example
 * import { CircuitBreaker } from 'chat-ts/router';
 * import { RedisCircuitStore } from 'chat-ts/redis';
 * const breaker = new CircuitBreaker({ failureThreshold: 3, store: new RedisCircuitStore({ redis }) });
 */
export interface CircuitStore {
  /** Reads a circuit, moving it open → half-open when its recovery time has passed. */
  read(provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome>;
  /**
   * Asks to send a request: granted when closed, or when half-open with a probe slot free (the slot is
   * claimed). `force` grants it anyway and claims a probe (the router's last resort).
   */
  acquire(provider: string, now: number, policy: CircuitPolicy, force: boolean): Promise<CircuitOutcome>;
  /** Gives back a claimed probe slot without a verdict. */
  release(provider: string): Promise<void>;
  /** The provider answered: closes the circuit and resets its failure count. */
  recordSuccess(provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome>;
  /** The provider failed: opens the circuit at the threshold, or again when a probe was out or it was half-open. */
  recordFailure(provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome>;
}
