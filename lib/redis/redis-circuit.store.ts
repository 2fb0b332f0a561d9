import type { CircuitOutcome, CircuitPolicy, CircuitState, CircuitStore } from '../router';
import { CIRCUIT_SCRIPT } from './circuit.lua';
import { DEFAULT_REDIS_PREFIX, type RedisClient, type RedisStoreOptions } from './redis-options.types';
import { RedisScript } from './redis-script';

/** Options of {@link RedisCircuitStore}. */
export interface RedisCircuitStoreOptions extends RedisStoreOptions {
  /** A circuit untouched this long is forgotten (closed again), ms (default 24 h). */
  readonly keyTtlMs?: number;
}

const script = new RedisScript(CIRCUIT_SCRIPT);
type Op = 'read' | 'acquire' | 'force' | 'release' | 'success' | 'failure';

/**
 * Circuit-breaker state in Redis, shared by every instance: failures anywhere count toward one
 * threshold, an open circuit is open for all, and a half-open circuit admits `maxProbes` probes
 * cluster-wide. Each step is one Lua script (atomic). Key: `<prefix>circuit:<provider>` (a hash).
 *
 * @example
 * import Redis from 'ioredis';
 * import { CircuitBreaker, RouterBuilder } from 'chat-ts/router';
 * import { RedisCircuitStore } from 'chat-ts/redis';
 *
 * const breaker = new CircuitBreaker({ failureThreshold: 3, store: new RedisCircuitStore({ redis: new Redis() }) });
 * const router = new RouterBuilder().addProvider(a).addProvider(b).withCircuitBreaker(breaker).build();
 */
export class RedisCircuitStore implements CircuitStore {
  readonly #redis: RedisClient;
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(options: RedisCircuitStoreOptions) {
    this.#redis = options.redis;
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.ttl = options.keyTtlMs ?? 86_400_000;
  }

  /** The Redis key of a provider's circuit. */
  key(provider: string): string {
    return `${this.prefix}circuit:${provider}`;
  }

  read(provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome> {
    return this.step('read', provider, now, policy);
  }

  acquire(provider: string, now: number, policy: CircuitPolicy, force: boolean): Promise<CircuitOutcome> {
    return this.step(force ? 'force' : 'acquire', provider, now, policy);
  }

  async release(provider: string): Promise<void> {
    await this.step('release', provider, 0, { failureThreshold: 1, recoveryTimeMs: 0, maxProbes: 1, probeLeaseMs: Number.MAX_SAFE_INTEGER });
  }

  recordSuccess(provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome> {
    return this.step('success', provider, now, policy);
  }

  recordFailure(provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome> {
    return this.step('failure', provider, now, policy);
  }

  private async step(op: Op, provider: string, now: number, policy: CircuitPolicy): Promise<CircuitOutcome> {
    const reply = (await script.run(this.#redis, [this.key(provider)], [
      op,
      Math.floor(now),
      policy.failureThreshold,
      policy.recoveryTimeMs,
      policy.maxProbes,
      policy.probeLeaseMs,
      this.ttl,
    ])) as [CircuitState, number, number, number, CircuitState | ''];
    const [state, failures, openedAt, granted, from] = reply;
    const out = { state, failures: Number(failures), openedAt: Number(openedAt), granted: Number(granted) === 1 };
    return from === '' ? out : { ...out, from };
  }
}
