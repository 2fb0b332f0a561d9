import type { Cluster, Redis } from 'ioredis';

/** An ioredis client: a single server or a cluster (every script touches keys of one hash slot). */
export type RedisClient = Redis | Cluster;

/** What every chat-ts Redis store needs. */
export interface RedisStoreOptions {
  /** The ioredis client (the store never closes it: it is yours). */
  readonly redis: RedisClient;
  /** Prefix of every key (default `chat-ts:`); give each app or environment its own. */
  readonly prefix?: string;
}

/** The default key prefix. */
export const DEFAULT_REDIS_PREFIX = 'chat-ts:';
