import { Subject, type Observable } from 'rxjs';
import type { Clock } from '../core/clock.types';
import { systemClock } from '../core/system.clock';
import { ConfigurationError } from '../errors/configuration.error';
import type { CircuitState } from './circuit-state.types';
import type { CircuitOutcome, CircuitPolicy, CircuitStore } from './circuit-store.types';
import { MemoryCircuitStore } from './memory-circuit.store';

export type { CircuitState } from './circuit-state.types';

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  readonly failureThreshold?: number;
  /** How long an open circuit stays open before a half-open probe, ms (default 30 s). */
  readonly recoveryTimeMs?: number;
  /** Probe requests a half-open circuit lets through at once, across everything sharing the store (default 1). */
  readonly maxProbes?: number;
  /** A claimed probe is forgotten after this long without a verdict, ms (default 60 s). */
  readonly probeLeaseMs?: number;
  /** Where circuits live (default: this process's memory; `RedisCircuitStore` shares them between instances). */
  readonly store?: CircuitStore;
  readonly clock?: Clock;
}

/** A state change, for metrics and logs. */
export interface CircuitEvent {
  readonly provider: string;
  readonly from: CircuitState;
  readonly to: CircuitState;
  readonly at: number;
  readonly failures: number;
}

function positiveWhole(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(`CircuitBreaker: ${name} must be a whole number >= 1 (got ${String(value)})`, { provider: 'router' });
  }
}

function nonNegativeMs(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(`CircuitBreaker: ${name} must be a finite number of ms >= 0 (got ${String(value)})`, { provider: 'router' });
  }
}

/**
 * Per-provider circuit breaker: after `failureThreshold` consecutive failures a provider is skipped
 * until `recoveryTimeMs` has passed; then up to `maxProbes` probe requests are let through
 * (half-open): success closes the circuit, failure opens it again. Every state change this breaker
 * causes is an event on `events$`. One breaker may be shared by several routers (circuits are keyed
 * by provider name); with a shared `store`, several processes share the circuits too.
 *
 * When the store fails (Redis unreachable), the breaker fails open: requests are let through and
 * the store's error is reported on `storeErrors$`.
 *
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 3, recoveryTimeMs: 30_000 });
 * breaker.events$.subscribe((e) => log.warn(`circuit ${e.provider}: ${e.from} -> ${e.to}`));
 * new RouterBuilder().addProvider(a).addProvider(b).withCircuitBreaker(breaker).build();
 */
export class CircuitBreaker {
  private readonly subject = new Subject<CircuitEvent>();
  private readonly storeErrorSubject = new Subject<unknown>();
  private readonly policy: CircuitPolicy;
  private readonly store: CircuitStore;
  private readonly clock: Clock;

  /** Every state change this breaker caused. */
  readonly events$: Observable<CircuitEvent> = this.subject.asObservable();
  /** Errors of the store (the breaker failed open meanwhile). */
  readonly storeErrors$: Observable<unknown> = this.storeErrorSubject.asObservable();

  /** Throws a `ConfigurationError` when a count is not a whole number >= 1 or a duration not a finite number >= 0. */
  constructor(options: CircuitBreakerOptions = {}) {
    const policy: CircuitPolicy = {
      failureThreshold: options.failureThreshold ?? 5,
      recoveryTimeMs: options.recoveryTimeMs ?? 30_000,
      maxProbes: options.maxProbes ?? 1,
      probeLeaseMs: options.probeLeaseMs ?? 60_000,
    };
    positiveWhole('failureThreshold', policy.failureThreshold);
    positiveWhole('maxProbes', policy.maxProbes);
    nonNegativeMs('recoveryTimeMs', policy.recoveryTimeMs);
    nonNegativeMs('probeLeaseMs', policy.probeLeaseMs);
    this.policy = policy;
    this.store = options.store ?? new MemoryCircuitStore();
    this.clock = options.clock ?? systemClock;
  }

  /** The state of a provider's circuit, moving open → half-open when its recovery time has passed. */
  async state(provider: string): Promise<CircuitState> {
    const out = await this.step(provider, (now) => this.store.read(provider, now, this.policy));
    return out?.state ?? 'closed';
  }

  /** Whether a request may go to this provider now (claims a half-open probe slot). */
  async tryAcquire(provider: string): Promise<boolean> {
    const out = await this.step(provider, (now) => this.store.acquire(provider, now, this.policy, false));
    return out?.granted ?? true;
  }

  /** Lets a request through even though the circuit is open (the router's last resort); it counts as a probe. */
  async forceAcquire(provider: string): Promise<void> {
    await this.step(provider, (now) => this.store.acquire(provider, now, this.policy, true));
  }

  /** Gives back a claimed probe without a verdict (the request was aborted by its caller). */
  async release(provider: string): Promise<void> {
    await this.step(provider, () => this.store.release(provider).then(() => undefined));
  }

  /** Since when the circuit has been open (Infinity when it is closed). */
  async openSince(provider: string): Promise<number> {
    const out = await this.step(provider, (now) => this.store.read(provider, now, this.policy));
    return !out || out.state === 'closed' ? Infinity : out.openedAt;
  }

  /** The provider answered: closes its circuit and resets its failure count. */
  async recordSuccess(provider: string): Promise<void> {
    await this.step(provider, (now) => this.store.recordSuccess(provider, now, this.policy));
  }

  /** The provider failed: opens its circuit at the threshold, or again when the probe failed. */
  async recordFailure(provider: string): Promise<void> {
    await this.step(provider, (now) => this.store.recordFailure(provider, now, this.policy));
  }

  private async step(provider: string, call: (now: number) => Promise<CircuitOutcome | undefined>): Promise<CircuitOutcome | undefined> {
    let out: CircuitOutcome | undefined;
    try {
      out = await call(this.clock.now());
    } catch (error) {
      this.storeErrorSubject.next(error);
      return undefined;
    }
    if (out?.from !== undefined && out.from !== out.state) {
      this.subject.next({ provider, from: out.from, to: out.state, at: this.clock.now(), failures: out.failures });
    }
    return out;
  }
}
