import type { CircuitState } from './circuit-state.types';
import type { CircuitOutcome, CircuitPolicy, CircuitStore } from './circuit-store.types';

interface Circuit {
  state: CircuitState;
  failures: number;
  openedAt: number;
  probes: number;
  probeSince: number;
}

/**
 * The default circuit store: circuits in a `Map` of this process. Every step happens synchronously
 * when called (the promise only reports it), so one process sees its own changes at once.
 *
 * @example
 * const breaker = new CircuitBreaker({ store: new MemoryCircuitStore() }); // the same as no store
 */
export class MemoryCircuitStore implements CircuitStore {
  private readonly circuits = new Map<string, Circuit>();

  read(provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome> {
    const c = this.circuit(provider);
    const from = this.advance(c, now, policy);
    return Promise.resolve(outcome(c, false, from));
  }

  acquire(provider: string, now: number, policy: CircuitPolicy, force: boolean): Promise<CircuitOutcome> {
    const c = this.circuit(provider);
    const from = this.advance(c, now, policy);
    let granted = c.state === 'closed';
    if (!granted && (force || (c.state === 'half-open' && c.probes < policy.maxProbes))) {
      if (c.probes === 0) c.probeSince = now;
      c.probes++;
      granted = true;
    }
    return Promise.resolve(outcome(c, granted, from));
  }

  release(provider: string): Promise<void> {
    const c = this.circuit(provider);
    if (c.probes > 0) c.probes--;
    return Promise.resolve();
  }

  recordSuccess(provider: string): Promise<CircuitOutcome> {
    const c = this.circuit(provider);
    const from = c.state;
    c.failures = 0;
    c.probes = 0;
    c.state = 'closed';
    return Promise.resolve(outcome(c, false, from === 'closed' ? undefined : from));
  }

  recordFailure(provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome> {
    const c = this.circuit(provider);
    const from = c.state;
    c.failures++;
    const wasProbe = c.probes > 0;
    c.probes = 0;
    if (c.state === 'half-open' || wasProbe || (c.state === 'closed' && c.failures >= policy.failureThreshold)) {
      c.openedAt = now;
      c.state = 'open';
    }
    return Promise.resolve(outcome(c, false, from === c.state ? undefined : from));
  }

  /** Open → half-open after the recovery time; forgets probes whose lease ran out. Returns the old state when it changed. */
  private advance(c: Circuit, now: number, policy: CircuitPolicy): CircuitState | undefined {
    if (c.probes > 0 && now - c.probeSince >= policy.probeLeaseMs) c.probes = 0;
    if (c.state === 'open' && now - c.openedAt >= policy.recoveryTimeMs) {
      c.state = 'half-open';
      return 'open';
    }
    return undefined;
  }

  private circuit(provider: string): Circuit {
    let c = this.circuits.get(provider);
    if (!c) this.circuits.set(provider, (c = { state: 'closed', failures: 0, openedAt: 0, probes: 0, probeSince: 0 }));
    return c;
  }
}

function outcome(c: Circuit, granted: boolean, from: CircuitState | undefined): CircuitOutcome {
  return from === undefined ? { state: c.state, failures: c.failures, openedAt: c.openedAt, granted } : { state: c.state, failures: c.failures, openedAt: c.openedAt, granted, from };
}
