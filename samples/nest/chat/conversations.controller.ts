import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { SerializedConversation } from '../../../lib/core';
import { CurrentCaller, type Caller } from '../auth/caller';
import { Roles } from '../auth/roles.decorator';
import { RolesGuard } from '../auth/roles.guard';
import { ConversationService } from '../conversations/conversation.service';
import type { ChatReply, PendingApproval } from './chat-reply';
import { ApproveDto, RejectDto } from './chat.dto';

/** Stored conversations and human-in-the-loop: list what waits, approve or reject it, resume. */
@Controller('conversations/:id')
export class ConversationsController {
  constructor(private readonly conversations: ConversationService) {}

  /** The conversation as stored (`Messages` JSON). */
  @Get()
  async transcript(@Param('id') id: string): Promise<SerializedConversation> {
    return (await this.conversations.transcript(id)).toJSON();
  }

  /** Tool calls waiting for a decision. */
  @Get('approvals')
  approvals(@Param('id') id: string): Promise<PendingApproval[]> {
    return this.conversations.pending(id);
  }

  /** A manager approves a call, optionally with edited arguments. */
  @Post('approvals/:callId/approve')
  @HttpCode(200)
  @UseGuards(RolesGuard)
  @Roles('manager')
  approve(@Param('id') id: string, @Param('callId') callId: string, @Body() body: ApproveDto, @CurrentCaller() caller: Caller): Promise<PendingApproval[]> {
    return this.conversations.decide(id, callId, caller, { approve: true, arguments: body.arguments });
  }

  /** A manager rejects a call; the model is told why. */
  @Post('approvals/:callId/reject')
  @HttpCode(200)
  @UseGuards(RolesGuard)
  @Roles('manager')
  reject(@Param('id') id: string, @Param('callId') callId: string, @Body() body: RejectDto, @CurrentCaller() caller: Caller): Promise<PendingApproval[]> {
    return this.conversations.decide(id, callId, caller, { approve: false, reason: body.reason });
  }

  /** Continues the paused turn once every call is decided. */
  @Post('resume')
  @HttpCode(200)
  resume(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<ChatReply> {
    return this.conversations.resume(caller, id);
  }
}
