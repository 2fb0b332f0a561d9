import type { HoldStore } from '../core/hold-store.types';
import { HOLD_SCRIPT } from './hold.lua';
import { DEFAULT_REDIS_PREFIX, type RedisClient, type RedisStoreOptions } from './redis-options.types';
import { RedisScript } from './redis-script';

const script = new RedisScript(HOLD_SCRIPT);

/**
 * {@link HoldStore} in Redis: a hold is a key that expires when the hold ends (the server's clock,
 * so instances' clocks need not agree); extending it is one Lua script. Key: `<prefix>hold:<key>`.
 *
 * @example
 * import Redis from 'ioredis';
 * import { SharedLimitProvider } from 'chat-ts/router';
 * import { RedisHoldStore } from 'chat-ts/redis';
 *
 * const guarded = new SharedLimitProvider(provider, { holds: new RedisHoldStore({ redis: new Redis() }) });
 */
export class RedisHoldStore implements HoldStore {
  readonly #redis: RedisClient;
  private readonly prefix: string;

  constructor(options: RedisStoreOptions) {
    this.#redis = options.redis;
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  }

  /** The Redis key of a hold. */
  key(name: string): string {
    return `${this.prefix}hold:${name}`;
  }

  async hold(key: string, durationMs: number): Promise<void> {
    const ms = Math.ceil(durationMs);
    if (!(ms > 0)) return;
    await script.run(this.#redis, [this.key(key)], [ms]);
  }

  async remainingMs(key: string): Promise<number> {
    return Math.max(0, await this.#redis.pttl(this.key(key)));
  }
}
