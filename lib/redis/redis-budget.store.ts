import type { BudgetCounter, BudgetStore } from '../budget/budget-store.types';
import { BudgetStoreError } from '../errors/budget-store.error';
import { ConfigurationError } from '../errors/configuration.error';
import { BUDGET_SCRIPT } from './budget.lua';
import { DEFAULT_REDIS_PREFIX, type RedisClient, type RedisStoreOptions } from './redis-options.types';
import { RedisScript } from './redis-script';

const script = new RedisScript(BUDGET_SCRIPT);

function checkNumber(what: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigurationError(`RedisBudgetStore: ${what} must be a finite number (got ${String(value)})`, { provider: 'redis' });
}

/**
 * {@link BudgetStore} in Redis: one budget shared by every instance of an app. `reserve` and
 * `adjust` are one Lua script (check and add in one atomic step on the server), so concurrent
 * requests from any number of processes never take a budget past its limit. Key:
 * `<prefix>budget:<counter>` (a string holding a float), expiring at the counter's `expiresAt`
 * (the end of its window plus a margin).
 *
 * Fails closed: when Redis cannot be reached (or answers with an error) the operation rejects with a
 * `BudgetStoreError`, so `budgets()` sends no request and ends the run with it. How long a command
 * waits for a lost connection is the client's setting (ioredis `maxRetriesPerRequest`,
 * `enableOfflineQueue`, `commandTimeout`): bound it, or runs wait while Redis is away.
 *
 * @example
 * import Redis from 'ioredis';
 * import { ChatBuilder, budgets, type ChatProvider } from 'chat-ts';
 * import { RedisBudgetStore } from 'chat-ts/redis';
 *
 * declare const provider: ChatProvider;
 * const store = new RedisBudgetStore({ redis: new Redis({ maxRetriesPerRequest: 1, commandTimeout: 2_000 }) });
 * const chat = new ChatBuilder()
 *   .withModel(provider)
 *   .withObserver(budgets<{ tenant: string }>({ store, limits: [{ name: 'tenant-daily', key: (c) => c.tenant, window: 'day', limit: 1_000_000 }] }))
 *   .build();
 */
export class RedisBudgetStore implements BudgetStore {
  readonly #redis: RedisClient;
  private readonly prefix: string;

  constructor(options: RedisStoreOptions) {
    if (!options?.redis) throw new ConfigurationError('RedisBudgetStore needs an ioredis client (redis)', { provider: 'redis' });
    this.#redis = options.redis;
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  }

  /** The Redis key of a budget counter. */
  key(counter: string): string {
    return `${this.prefix}budget:${counter}`;
  }

  reserve(key: string, amount: number, limit: number, expiresAt: number): Promise<BudgetCounter> {
    checkNumber('limit', limit);
    return this.step('reserve', key, amount, limit, expiresAt);
  }

  adjust(key: string, delta: number, expiresAt: number): Promise<BudgetCounter> {
    return this.step('adjust', key, delta, 0, expiresAt);
  }

  private async step(op: 'reserve' | 'adjust', key: string, amount: number, limit: number, expiresAt: number): Promise<BudgetCounter> {
    checkNumber(op === 'reserve' ? 'amount' : 'delta', amount);
    if (!Number.isInteger(expiresAt) || expiresAt < 1) throw new ConfigurationError(`RedisBudgetStore: expiresAt must be epoch milliseconds (got ${String(expiresAt)})`, { provider: 'redis' });
    let reply: unknown;
    try {
      reply = await script.run(this.#redis, [this.key(key)], [op, amount, limit, expiresAt]);
    } catch (error) {
      throw new BudgetStoreError(`RedisBudgetStore: ${op} failed, Redis did not answer: ${(error as Error)?.message ?? String(error)}`, { provider: 'redis', code: 'budget_store_unavailable', cause: error });
    }
    const [ok, used] = reply as [number, string];
    return { ok: Number(ok) === 1, used: Number(used) };
  }
}
