import type { Clock } from '../core/clock.types';
import type { ConversationClaim, ConversationStore, ConversationWrite, StoredConversation } from '../core/conversation-store.types';
import type { SerializedConversation } from '../core/messages';
import { systemClock } from '../core/system.clock';

interface Entry {
  conversation: SerializedConversation;
  version: number;
  wakeAt?: number;
  claim?: { token: string; until: number };
}

/**
 * The single-process {@link ConversationStore}: conversations in a `Map` (copied in and out, as a
 * real store would), claims as leases on a `Clock`.
 *
 * @example
 * const conversations = new ConversationService({ store: new MemoryConversationStore() });
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock = systemClock) {}

  load(id: string): Promise<StoredConversation | undefined> {
    const e = this.entries.get(id);
    return Promise.resolve(e ? { conversation: structuredClone(e.conversation), version: e.version } : undefined);
  }

  save(id: string, conversation: SerializedConversation, expectedVersion: number, options: { readonly token?: string; readonly wakeAt?: number } = {}): Promise<ConversationWrite> {
    const e = this.entries.get(id);
    if (e && this.held(e) && e.claim?.token !== options.token) return Promise.resolve({ ok: false, reason: 'busy' });
    if ((e?.version ?? 0) !== expectedVersion) return Promise.resolve({ ok: false, reason: 'conflict' });
    const version = expectedVersion + 1;
    this.entries.set(id, { conversation: structuredClone(conversation), version, wakeAt: options.wakeAt, claim: e?.claim });
    return Promise.resolve({ ok: true, version });
  }

  claim(id: string, version: number, token: string, leaseMs: number): Promise<ConversationClaim> {
    const e = this.entries.get(id);
    if (e && this.held(e) && e.claim?.token !== token) return Promise.resolve('busy');
    if (!e || e.version !== version) return Promise.resolve('conflict');
    e.claim = { token, until: this.clock.now() + leaseMs };
    return Promise.resolve('claimed');
  }

  release(id: string, token: string): Promise<void> {
    const e = this.entries.get(id);
    if (e?.claim?.token === token) delete e.claim;
    return Promise.resolve();
  }

  due(now: number, limit: number): Promise<string[]> {
    const ids = [...this.entries]
      .filter(([, e]) => e.wakeAt !== undefined && e.wakeAt <= now)
      .sort(([, a], [, b]) => (a.wakeAt as number) - (b.wakeAt as number))
      .slice(0, limit)
      .map(([id]) => id);
    return Promise.resolve(ids);
  }

  delete(id: string): Promise<void> {
    this.entries.delete(id);
    return Promise.resolve();
  }

  private held(e: Entry): boolean {
    return e.claim !== undefined && e.claim.until > this.clock.now();
  }
}
