import type { CounterConsumeResult, CounterStore, CounterValue } from '../core/counter-store.types';
import { ConfigurationError } from '../errors/configuration.error';
import { COUNTER_SCRIPT } from './counter.lua';
import { DEFAULT_REDIS_PREFIX, type RedisClient, type RedisStoreOptions } from './redis-options.types';
import { RedisScript } from './redis-script';

const script = new RedisScript(COUNTER_SCRIPT);

function resetIn(pttl: number): number {
  if (pttl === -1) return Infinity;
  return pttl < 0 ? 0 : pttl;
}

function checkAmount(what: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigurationError(`RedisCounterStore: ${what} must be a finite number (got ${String(value)})`, { provider: 'redis' });
}

/**
 * {@link CounterStore} in Redis, shared by every instance: `add` and `consume` are one Lua script
 * each (check and add in one atomic step), windows are key expiries (the server's clock). Key:
 * `<prefix>counter:<key>` (a string holding a float; `INCRBYFLOAT`).
 *
 * @example
 * import Redis from 'ioredis';
 * import { RedisCounterStore } from 'chat-ts/redis';
 *
 * const counters = new RedisCounterStore({ redis: new Redis() });
 * const slot = await counters.consume('requests:gpt-4o', 1, 500, 60_000);
 * if (!slot.allowed) console.log(`limit reached, window ends in ${slot.resetInMs} ms`);
 */
export class RedisCounterStore implements CounterStore {
  readonly #redis: RedisClient;
  private readonly prefix: string;

  constructor(options: RedisStoreOptions) {
    this.#redis = options.redis;
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  }

  /** The Redis key of a counter. */
  key(name: string): string {
    return `${this.prefix}counter:${name}`;
  }

  async add(key: string, amount: number, windowMs?: number): Promise<CounterValue> {
    const { total, resetInMs } = await this.step('add', key, amount, Infinity, windowMs);
    return { total, resetInMs };
  }

  consume(key: string, amount: number, limit: number, windowMs?: number): Promise<CounterConsumeResult> {
    checkAmount('limit', limit);
    return this.step('consume', key, amount, limit, windowMs);
  }

  async get(key: string): Promise<CounterValue> {
    const [value, pttl] = await Promise.all([this.#redis.get(this.key(key)), this.#redis.pttl(this.key(key))]);
    return value === null ? { total: 0, resetInMs: 0 } : { total: Number(value), resetInMs: resetIn(pttl) };
  }

  async reset(key: string): Promise<void> {
    await this.#redis.del(this.key(key));
  }

  private async step(op: 'add' | 'consume', key: string, amount: number, limit: number, windowMs: number | undefined): Promise<CounterConsumeResult> {
    checkAmount('amount', amount);
    if (windowMs !== undefined && (!Number.isInteger(windowMs) || windowMs < 1)) {
      throw new ConfigurationError(`RedisCounterStore: windowMs must be a whole number of ms >= 1 (got ${String(windowMs)})`, { provider: 'redis' });
    }
    const [total, allowed, pttl] = (await script.run(this.#redis, [this.key(key)], [op, amount, limit === Infinity ? 0 : limit, windowMs ?? ''])) as [string, number, number];
    return { total: Number(total), allowed: Number(allowed) === 1, resetInMs: resetIn(Number(pttl)) };
  }
}
