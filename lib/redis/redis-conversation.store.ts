import type { ConversationClaim, ConversationStore, ConversationWrite, StoredConversation } from '../core/conversation-store.types';
import type { SerializedConversation } from '../core/messages';
import { CLAIM_CONVERSATION_SCRIPT, RELEASE_CLAIM_SCRIPT, SAVE_CONVERSATION_SCRIPT } from './conversation.lua';
import { DEFAULT_REDIS_PREFIX, type RedisClient, type RedisStoreOptions } from './redis-options.types';
import { RedisScript } from './redis-script';

/** Options of {@link RedisConversationStore}. */
export interface RedisConversationStoreOptions extends RedisStoreOptions {
  /** A conversation not written for this long expires, ms (default 30 days; `Infinity`: never). */
  readonly ttlMs?: number;
}

const saveScript = new RedisScript(SAVE_CONVERSATION_SCRIPT);
const claimScript = new RedisScript(CLAIM_CONVERSATION_SCRIPT);
const releaseScript = new RedisScript(RELEASE_CLAIM_SCRIPT);

/**
 * {@link ConversationStore} in Redis: conversations shared by every instance, written only by
 * compare-and-set on their version and claimed by one run at a time (Lua scripts). Keys:
 * `<prefix>conv:{<id>}` (hash: `json`, `version`; expires after `ttlMs` without a write),
 * `<prefix>conv:{<id>}:claim` (the running instance's token, expiring with its lease) and
 * `<prefix>conv:wake` (sorted set: ids by the time their deferred calls are due). The braces keep a
 * conversation's keys in one cluster slot.
 *
 * @example
 * import Redis from 'ioredis';
 * import { ConversationService } from 'chat-ts';
 * import { RedisConversationStore } from 'chat-ts/redis';
 *
 * const conversations = new ConversationService({ store: new RedisConversationStore({ redis: new Redis() }) });
 */
export class RedisConversationStore implements ConversationStore {
  readonly #redis: RedisClient;
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(options: RedisConversationStoreOptions) {
    this.#redis = options.redis;
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.ttl = options.ttlMs ?? 30 * 86_400_000;
  }

  /** The Redis key of a conversation (its claim is this key + `:claim`). */
  key(id: string): string {
    return `${this.prefix}conv:{${id}}`;
  }

  async load(id: string): Promise<StoredConversation | undefined> {
    const [json, version] = await this.#redis.hmget(this.key(id), 'json', 'version');
    if (json === null || version === null) return undefined;
    return { conversation: JSON.parse(json) as SerializedConversation, version: Number(version) };
  }

  async save(id: string, conversation: SerializedConversation, expectedVersion: number, options: { readonly token?: string; readonly wakeAt?: number } = {}): Promise<ConversationWrite> {
    const ttl = Number.isFinite(this.ttl) ? Math.ceil(this.ttl) : '';
    const [code] = (await saveScript.run(this.#redis, [this.key(id), this.claimKey(id)], [JSON.stringify(conversation), expectedVersion, options.token ?? '', ttl])) as [number];
    if (code === -1) return { ok: false, reason: 'busy' };
    if (code === -2) return { ok: false, reason: 'conflict' };
    // the wake index is one key for every conversation (another cluster slot): kept next to the write, and re-checked by the run's claim
    if (options.wakeAt !== undefined) await this.#redis.zadd(this.wakeKey(), options.wakeAt, id);
    else await this.#redis.zrem(this.wakeKey(), id);
    return { ok: true, version: Number(code) };
  }

  async claim(id: string, version: number, token: string, leaseMs: number): Promise<ConversationClaim> {
    const code = Number(await claimScript.run(this.#redis, [this.key(id), this.claimKey(id)], [token, version, Math.ceil(leaseMs)]));
    return code === 1 ? 'claimed' : code === -1 ? 'busy' : 'conflict';
  }

  async release(id: string, token: string): Promise<void> {
    await releaseScript.run(this.#redis, [this.claimKey(id)], [token]);
  }

  due(now: number, limit: number): Promise<string[]> {
    return this.#redis.zrangebyscore(this.wakeKey(), '-inf', now, 'LIMIT', 0, limit);
  }

  async delete(id: string): Promise<void> {
    await this.#redis.del(this.key(id), this.claimKey(id));
    await this.#redis.zrem(this.wakeKey(), id);
  }

  private claimKey(id: string): string {
    return `${this.key(id)}:claim`;
  }

  private wakeKey(): string {
    return `${this.prefix}conv:wake`;
  }
}
