import { Inject, Injectable } from '@nestjs/common';
import { defer, finalize, type Observable, switchMap } from 'rxjs';
import { Messages, type StreamEvent } from '../../../lib/core';
import { InjectChat, type NestChat } from '../../../lib/nest';
import { applyUIChatRequest, type UIChatRequest } from '../../../lib/ui';
import type { Caller } from '../auth/caller';
import { CONVERSATION_STORE, type ConversationStore } from '../conversations/conversation.store';

/**
 * The chat behind the browser page: the conversation is stored under the page's chat id; each
 * request adds the user's text or the approval decisions to it, streams the turn, and saves it.
 * (A real app would also check that the caller owns the chat id.)
 */
@Injectable()
export class UIChatService {
  constructor(
    @Inject(CONVERSATION_STORE) private readonly store: ConversationStore,
    @InjectChat() private readonly chat: NestChat,
  ) {}

  /** One turn for the page, as chat events (the controller encodes them for the page). */
  stream(caller: Caller, request: UIChatRequest): Observable<StreamEvent> {
    return defer(async () => applyUIChatRequest((await this.store.load(request.chatId)) ?? new Messages(), request, { decidedBy: caller.id })).pipe(
      switchMap((messages) => this.chat.stream(messages, { context: { caller } }).pipe(finalize(() => void this.store.save(request.chatId, messages)))),
    );
  }
}
