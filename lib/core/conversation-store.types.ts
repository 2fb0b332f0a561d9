import type { SerializedConversation } from './messages';

/** A conversation as stored: its saved form and a version that moves on every write. */
export interface StoredConversation {
  readonly conversation: SerializedConversation;
  /** 1 after the first save, +1 on each. */
  readonly version: number;
}

/** How a conditional write ended. */
export type ConversationWrite =
  | { readonly ok: true; readonly version: number }
  /** `conflict`: the stored version was not the expected one; `busy`: a run holds the conversation. */
  | { readonly ok: false; readonly reason: 'conflict' | 'busy' };

/** How a claim ended: `claimed`, or refused because a run holds it (`busy`) or its version moved (`conflict`). */
export type ConversationClaim = 'claimed' | 'busy' | 'conflict';

/**
 * Where paused conversations live between requests, shared by every instance (`RedisConversationStore`
 * from `chat-ts/redis`; `MemoryConversationStore` in one process). Every write is conditional on the
 * version the writer read (compare-and-set), and a run claims the conversation first (a lease with a
 * token), so two instances never both act on one paused call. `ConversationService` builds approval,
 * rejection and exactly-once resume on it.
 *
 * @example
 * const store: ConversationStore = new MemoryConversationStore();
 * const saved = await store.save('c1', messages.toJSON(), 0); // { ok: true, version: 1 }
 */
export interface ConversationStore {
  /** Reads a conversation (undefined when none is stored under `id`). */
  load(id: string): Promise<StoredConversation | undefined>;
  /**
   * Writes when the stored version is `expectedVersion` (0: nothing stored yet) and no run holds
   * the conversation but the holder of `token`. `wakeAt` (epoch ms) lists it for {@link due}.
   */
  save(id: string, conversation: SerializedConversation, expectedVersion: number, options?: { readonly token?: string; readonly wakeAt?: number }): Promise<ConversationWrite>;
  /** Claims the conversation for one run for `leaseMs`, when its version is still `version` and no one else holds it (the holder of `token` may claim again). */
  claim(id: string, version: number, token: string, leaseMs: number): Promise<ConversationClaim>;
  /** Gives a claim back (only the holder of `token` can). */
  release(id: string, token: string): Promise<void>;
  /** Ids of conversations whose `wakeAt` is at or before `now`, earliest first (at most `limit`). */
  due(now: number, limit: number): Promise<string[]>;
  /** Removes a conversation. */
  delete(id: string): Promise<void>;
}
