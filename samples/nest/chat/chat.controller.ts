import { Body, Controller, HttpCode, Post, Query, Sse } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { CurrentCaller, type Caller } from '../auth/caller';
import { ConversationService } from '../conversations/conversation.service';
import type { ChatReply, ChatSseEvent } from './chat-reply';
import { AskDto } from './chat.dto';

@Controller('chat')
export class ChatController {
  constructor(private readonly conversations: ConversationService) {}

  /** One turn, answered as JSON (tool calls handled; `status: paused` when a call waits for approval). */
  @Post()
  @HttpCode(200)
  ask(@Body() body: AskDto, @CurrentCaller() caller: Caller): Promise<ChatReply> {
    return this.conversations.ask(caller, body.message, body.conversationId);
  }

  /**
   * One turn, streamed to the browser as server-sent events (`new EventSource('/chat/stream?message=...')`):
   * text deltas, tool calls and results, then `finish`. Closing the page aborts the model request.
   */
  @Sse('stream')
  stream(@Query() query: AskDto, @CurrentCaller() caller: Caller): Observable<ChatSseEvent> {
    return this.conversations.stream(caller, query.message, query.conversationId);
  }
}
