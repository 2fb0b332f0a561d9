import { Subject, type Observable } from 'rxjs';
import type { Clock } from '../core/clock.types';
import { systemClock } from '../core/system.clock';
import { ConfigurationError } from '../errors/configuration.error';

/** Circuit states. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  readonly failureThreshold?: number;
  /** How long an open circuit stays open before a half-open probe, ms (default 30 s). */
  readonly recoveryTimeMs?: number;
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

interface Circuit {
  state: CircuitState;
  failures: number;
  openedAt: number;
  probing: boolean;
}

/**
 * Per-provider circuit breaker: after `failureThreshold` consecutive failures a provider is skipped
 * until `recoveryTimeMs` has passed; then one probe request is let through (half-open): success
 * closes the circuit, failure opens it again. Every state change is an event on `events$`.
 * One breaker may be shared by several routers (circuits are keyed by provider name).
 *
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 3, recoveryTimeMs: 30_000 });
 * breaker.events$.subscribe((e) => log.warn(`circuit ${e.provider}: ${e.from} -> ${e.to}`));
 * new RouterBuilder().addProvider(a).addProvider(b).withCircuitBreaker(breaker).build();
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  private readonly subject = new Subject<CircuitEvent>();
  private readonly threshold: number;
  private readonly recovery: number;
  private readonly clock: Clock;

  /** Every state change. */
  readonly events$: Observable<CircuitEvent> = this.subject.asObservable();

  /** Throws a `ConfigurationError` when `failureThreshold` is not a whole number >= 1 or `recoveryTimeMs` not a finite number >= 0. */
  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.recovery = options.recoveryTimeMs ?? 30_000;
    if (!Number.isInteger(this.threshold) || this.threshold < 1) {
      throw new ConfigurationError(`CircuitBreaker: failureThreshold must be a whole number >= 1 (got ${String(this.threshold)})`, { provider: 'router' });
    }
    if (typeof this.recovery !== 'number' || !Number.isFinite(this.recovery) || this.recovery < 0) {
      throw new ConfigurationError(`CircuitBreaker: recoveryTimeMs must be a finite number of ms >= 0 (got ${String(this.recovery)})`, { provider: 'router' });
    }
    this.clock = options.clock ?? systemClock;
  }

  /** The state of a provider's circuit, moving open → half-open when its recovery time has passed. */
  state(provider: string): CircuitState {
    const c = this.circuit(provider);
    if (c.state === 'open' && this.clock.now() - c.openedAt >= this.recovery) this.move(provider, c, 'half-open');
    return c.state;
  }

  /** Whether a request may go to this provider now (claims the half-open probe). */
  tryAcquire(provider: string): boolean {
    const state = this.state(provider);
    const c = this.circuit(provider);
    if (state === 'closed') return true;
    if (state === 'half-open' && !c.probing) {
      c.probing = true;
      return true;
    }
    return false;
  }

  /** Lets a request through even though the circuit is open (the router's last resort); it counts as the probe. */
  forceAcquire(provider: string): void {
    this.circuit(provider).probing = true;
  }

  /** Gives back a claimed probe without a verdict (the request was aborted by its caller). */
  release(provider: string): void {
    this.circuit(provider).probing = false;
  }

  /** Since when the circuit has been open (Infinity when it is not open). */
  openSince(provider: string): number {
    const c = this.circuit(provider);
    return c.state === 'closed' ? Infinity : c.openedAt;
  }

  /** The provider answered: closes its circuit and resets its failure count. */
  recordSuccess(provider: string): void {
    const c = this.circuit(provider);
    c.failures = 0;
    c.probing = false;
    if (c.state !== 'closed') this.move(provider, c, 'closed');
  }

  /** The provider failed: opens its circuit at the threshold, or again when the probe failed. */
  recordFailure(provider: string): void {
    const c = this.circuit(provider);
    c.failures++;
    const wasProbe = c.probing;
    c.probing = false;
    if (c.state === 'half-open' || wasProbe || (c.state === 'closed' && c.failures >= this.threshold)) {
      c.openedAt = this.clock.now();
      if (c.state !== 'open') this.move(provider, c, 'open');
    }
  }

  private circuit(provider: string): Circuit {
    let c = this.circuits.get(provider);
    if (!c) this.circuits.set(provider, (c = { state: 'closed', failures: 0, openedAt: 0, probing: false }));
    return c;
  }

  private move(provider: string, c: Circuit, to: CircuitState): void {
    const from = c.state;
    c.state = to;
    this.subject.next({ provider, from, to, at: this.clock.now(), failures: c.failures });
  }
}
