import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { concat, defer, finalize, map, type Observable, of, switchMap } from 'rxjs';
import { Messages, type JsonValue } from '../../../lib/core';
import { catchChatErrorAsSse, InjectChat, type NestChat } from '../../../lib/nest';
import type { Caller, ChatCallContext } from '../auth/caller';
import { chatReply, pendingApproval, sseEvent, type ChatReply, type ChatSseEvent, type PendingApproval } from '../chat/chat-reply';
import { CONVERSATION_STORE, type ConversationStore } from './conversation.store';

/**
 * Runs the chat on stored conversations: load, run (one run per conversation at a time), save.
 * The caller goes into every call's `context`, where the tools and their guards read it.
 */
@Injectable()
export class ConversationService {
  private readonly running = new Set<string>();

  constructor(
    @Inject(CONVERSATION_STORE) private readonly store: ConversationStore,
    @InjectChat() private readonly chat: NestChat,
  ) {}

  /** One turn, answered whole. */
  async ask(caller: Caller, message: string, conversationId?: string): Promise<ChatReply> {
    const id = conversationId ?? randomUUID();
    return this.exclusive(id, async () => {
      const messages = conversationId ? await this.require(id) : new Messages();
      messages.user(message);
      try {
        return chatReply(id, await this.chat.complete(messages, { context: this.context(caller) }));
      } finally {
        await this.store.save(id, messages);
      }
    });
  }

  /**
   * One turn, streamed: a first `conversation` event with the id, then the chat's events. When the
   * client goes away, Nest unsubscribes: the model request is aborted and the interrupted turn saved.
   */
  stream(caller: Caller, message: string, conversationId?: string): Observable<ChatSseEvent> {
    const id = conversationId ?? randomUUID();
    let sequence = 0;
    return defer(async () => {
      this.acquire(id);
      try {
        const messages = conversationId ? await this.require(id) : new Messages();
        return messages.user(message);
      } catch (error) {
        this.running.delete(id);
        throw error;
      }
    }).pipe(
      switchMap((messages) =>
        concat(
          of(sseEvent(sequence++, { type: 'conversation', conversationId: id })),
          this.chat.stream(messages, { context: this.context(caller) }).pipe(map((event) => sseEvent(sequence++, event))),
        ).pipe(
          catchChatErrorAsSse<ChatSseEvent>(),
          finalize(() => void this.store.save(id, messages).finally(() => this.running.delete(id))),
        ),
      ),
    );
  }

  /** The whole conversation, as stored. */
  async transcript(id: string): Promise<Messages> {
    return this.require(id);
  }

  /** Tool calls waiting for a decision. */
  async pending(id: string): Promise<PendingApproval[]> {
    return (await this.require(id)).pendingToolCalls().map(pendingApproval);
  }

  /** Approves or rejects a waiting call; the next resume runs (or answers) it. */
  async decide(id: string, callId: string, decidedBy: Caller, decision: { approve: true; arguments?: Record<string, unknown> } | { approve: false; reason?: string }): Promise<PendingApproval[]> {
    return this.exclusive(id, async () => {
      const messages = await this.require(id);
      // a call that is not pending throws ConversationFormatError: ChatErrorFilter answers 409
      if (decision.approve) messages.approve(callId, { decidedBy: decidedBy.id, ...(decision.arguments ? { arguments: decision.arguments as JsonValue } : {}) });
      else messages.reject(callId, decision.reason ?? 'Rejected by a manager', { decidedBy: decidedBy.id });
      await this.store.save(id, messages);
      return messages.pendingToolCalls().map(pendingApproval);
    });
  }

  /** Continues a paused turn: approved calls run (their guards see the caller who resumes), rejected ones answer. */
  async resume(caller: Caller, id: string): Promise<ChatReply> {
    return this.exclusive(id, async () => {
      const messages = await this.require(id);
      try {
        return chatReply(id, await this.chat.complete(messages, { context: this.context(caller) }));
      } finally {
        await this.store.save(id, messages);
      }
    });
  }

  private context(caller: Caller): ChatCallContext {
    return { caller };
  }

  private async require(id: string): Promise<Messages> {
    const messages = await this.store.load(id);
    if (!messages) throw new NotFoundException(`No conversation ${id}`);
    return messages;
  }

  private acquire(id: string): void {
    if (this.running.has(id)) throw new ConflictException(`Conversation ${id} is busy with another request`);
    this.running.add(id);
  }

  private async exclusive<R>(id: string, work: () => Promise<R>): Promise<R> {
    this.acquire(id);
    try {
      return await work();
    } finally {
      this.running.delete(id);
    }
  }
}
