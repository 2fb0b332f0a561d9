import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { BadRequestException, Body, Controller, Get, Header, Post, Res } from '@nestjs/common';
import { pipeUIMessageStreamToResponse, readUIChatRequest, UIChatRequestError, type UIChatRequest } from '../../../lib/ui';
import { CurrentCaller, type Caller } from '../auth/caller';
import { UIChatService } from './ui-chat.service';

/**
 * A chat page for the browser (`GET /ui`) and its endpoint (`POST /api/ui-chat`), which answers in
 * the Vercel AI SDK's UI message stream protocol: the page's plain script reads it, and so would
 * `useChat({ transport: new DefaultChatTransport({ api: '/api/ui-chat' }) })` from `@ai-sdk/react`.
 */
@Controller()
export class UIChatController {
  constructor(private readonly chats: UIChatService) {}

  /** The page: one HTML file with a plain script, no bundler. */
  @Get('ui')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return readFileSync(join(__dirname, 'chat-page.html'), 'utf8');
  }

  /** `{ id, messages, trigger }` in; a UI message stream out. Closing the page aborts the model request. */
  @Post('api/ui-chat')
  async chat(@Body() body: unknown, @CurrentCaller() caller: Caller, @Res() response: ServerResponse): Promise<void> {
    let request: UIChatRequest;
    try {
      request = readUIChatRequest(body);
    } catch (error) {
      if (UIChatRequestError.is(error)) throw new BadRequestException(error.message);
      throw error;
    }
    await pipeUIMessageStreamToResponse(this.chats.stream(caller, request), response);
  }
}
