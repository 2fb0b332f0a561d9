import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.types';
import type { ConversationStore } from '../core/conversation-store.types';
import type { JsonValue } from '../core/json.types';
import { Messages } from '../core/messages';
import { systemClock } from '../core/system.clock';
import { ApprovalConflictError } from '../errors/approval-conflict.error';
import { ConcurrentRunError } from '../errors/concurrent-run.error';
import { ConfigurationError } from '../errors/configuration.error';
import { ConversationConflictError } from '../errors/conversation-conflict.error';
import { ConversationNotFoundError } from '../errors/conversation-not-found.error';
import { awaitingCalls, wakeAt } from './awaiting-calls';

/** Options of {@link ConversationService}. */
export interface ConversationServiceOptions {
  readonly store: ConversationStore;
  /** How long a resumed run holds the conversation before another instance may take it over, ms (default 10 min). */
  readonly leaseMs?: number;
  readonly clock?: Clock;
}

/** A loaded conversation and the version it was read at. */
export interface LoadedConversation {
  readonly messages: Messages;
  readonly version: number;
}

/** How a decision is made on a paused call. */
type Decide = (messages: Messages) => void;

/**
 * Paused conversations shared by every instance: instance A saves the conversation its turn paused
 * on, a person approves (optionally with edited arguments) or rejects a call on instance B, and
 * instance C resumes the turn — exactly once. A second decision on the same call, even at the same
 * moment on another instance, is an `ApprovalConflictError`; a second resume while one runs is a
 * `ConcurrentRunError`, and once a run has saved its result there is nothing left to resume
 * (`ConversationConflictError`). Deferred calls are listed by `due()` on any instance when their
 * time comes. Works on any {@link ConversationStore}.
 *
 * @example
 * const conversations = new ConversationService({ store: new MemoryConversationStore() }); // RedisConversationStore across instances
 * // instance A, after `chat.complete(messages)` paused:
 * await conversations.save('order-42', messages);
 * // instance B, a person's click:
 * await conversations.approve('order-42', 'call_1', { decidedBy: 'ana' });
 * // instance C:
 * const reply = await conversations.resume('order-42', (m) => chat.complete(m));
 */
export class ConversationService {
  private readonly store: ConversationStore;
  private readonly leaseMs: number;
  private readonly clock: Clock;

  constructor(options: ConversationServiceOptions) {
    this.store = options.store;
    this.leaseMs = options.leaseMs ?? 600_000;
    this.clock = options.clock ?? systemClock;
    if (!Number.isInteger(this.leaseMs) || this.leaseMs < 1) {
      throw new ConfigurationError(`ConversationService: leaseMs must be a whole number of ms >= 1 (got ${String(this.leaseMs)})`);
    }
  }

  /**
   * Saves a conversation: a new one (no `version`), or one read at `version`. Returns the new version;
   * `ConversationConflictError` when another instance wrote first, `ConcurrentRunError` while a run holds it.
   */
  async save(id: string, messages: Messages, options: { readonly version?: number } = {}): Promise<number> {
    const written = await this.store.save(id, messages.toJSON(), options.version ?? 0, { wakeAt: wakeAt(messages) });
    if (written.ok) return written.version;
    if (written.reason === 'busy') throw new ConcurrentRunError(`Conversation "${id}" is being run by another instance`);
    throw new ConversationConflictError(
      options.version === undefined ? `Conversation "${id}" already exists: load it and save with its version` : `Conversation "${id}" changed since version ${options.version}: load it again`,
    );
  }

  /** Loads a conversation; `ConversationNotFoundError` when there is none. */
  async load(id: string): Promise<LoadedConversation> {
    const stored = await this.store.load(id);
    if (!stored) throw new ConversationNotFoundError(`No conversation "${id}" is stored`);
    return { messages: Messages.fromJSON(stored.conversation), version: stored.version };
  }

  /** Approves a paused call (with edited `arguments` if given); `ApprovalConflictError` when it was already decided. Returns the new version. */
  approve(id: string, callId: string, options: { readonly arguments?: JsonValue; readonly decidedBy?: string } = {}): Promise<number> {
    return this.decide(id, callId, (m) => m.approve(callId, options));
  }

  /** Rejects a paused call (the model gets `reason`); `ApprovalConflictError` when it was already decided. Returns the new version. */
  reject(id: string, callId: string, reason?: string, options: { readonly decidedBy?: string } = {}): Promise<number> {
    return this.decide(id, callId, (m) => m.reject(callId, reason, options));
  }

  /**
   * Resumes the turn: claims the conversation, runs `run` on it (e.g. `(m) => chat.complete(m)`),
   * saves what the run wrote — also when it failed, so a tool that ran never runs again — and
   * releases the claim. `ConcurrentRunError` when another instance is running it;
   * `ConversationConflictError` when no decided or due call is waiting.
   */
  async resume<R>(id: string, run: (messages: Messages) => Promise<R>): Promise<R> {
    const { messages, version } = await this.load(id);
    if (awaitingCalls(messages, this.clock.now()).length === 0) {
      throw new ConversationConflictError(`Conversation "${id}" has nothing to resume: no decided or due tool call is waiting`);
    }
    const token = randomUUID();
    const claim = await this.store.claim(id, version, token, this.leaseMs);
    if (claim === 'busy') throw new ConcurrentRunError(`Conversation "${id}" is being run by another instance`);
    if (claim === 'conflict') throw new ConversationConflictError(`Conversation "${id}" changed while it was being resumed: load it again`);
    try {
      let result: R;
      try {
        result = await run(messages);
      } finally {
        await this.store.save(id, messages.toJSON(), version, { token, wakeAt: wakeAt(messages) });
      }
      return result;
    } finally {
      await this.store.release(id, token);
    }
  }

  /** Ids of conversations whose deferred calls are due now (resume them on any instance). */
  due(limit = 100): Promise<string[]> {
    return this.store.due(this.clock.now(), limit);
  }

  private async decide(id: string, callId: string, apply: Decide): Promise<number> {
    for (;;) {
      const { messages, version } = await this.load(id);
      const call = messages.findToolCall(callId);
      if (!call) throw new ConversationConflictError(`Conversation "${id}" has no tool call "${callId}"`);
      if (call.status !== 'pending' && call.status !== 'deferred') {
        throw new ApprovalConflictError(`Tool call "${callId}" of conversation "${id}" was already decided (${call.status})`);
      }
      apply(messages);
      const written = await this.store.save(id, messages.toJSON(), version, { wakeAt: wakeAt(messages) });
      if (written.ok) return written.version;
      if (written.reason === 'busy') throw new ConcurrentRunError(`Conversation "${id}" is being run by another instance`);
      // conflict: someone else wrote first; read again (the call may now be decided)
    }
  }
}
