/**
 * One app instance of the shared-approval spec, in its own process, on a RedisConversationStore.
 * `pause`: runs a turn until the gated `transfer` call pauses it and saves the conversation;
 * `approve`: approves the call; `resume`: resumes the turn. The tool's runs are pushed to a Redis
 * list, so the parent counts them across processes. Errors come back as their class name.
 */
import Redis from 'ioredis';
import { ChatBuilder } from '../../../lib/chat';
import { isChatError } from '../../../lib/core/chat.error';
import { Messages } from '../../../lib/core/messages';
import { ConversationService } from '../../../lib/conversations';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { RedisConversationStore } from '../../../lib/redis';
import { childMain } from '../../support/ts-child';
import { makeTool } from '../../support/test-tools';

export interface ApprovalChildInput {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly op: 'pause' | 'approve' | 'resume';
  readonly id: string;
  readonly callId?: string;
  readonly emulatorUrl?: string;
}

export interface ApprovalChildOutput {
  readonly status?: string;
  readonly pending?: string[];
  readonly version?: number;
  readonly text?: string;
  readonly error?: string;
}

childMain<ApprovalChildInput, ApprovalChildOutput>(async (input) => {
  const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const conversations = new ConversationService({ store: new RedisConversationStore({ redis, prefix: input.prefix }) });
    const transfer = makeTool({
      name: 'transfer',
      metadata: { requiresApproval: true },
      execute: async (args) => {
        await redis.rpush(`${input.prefix}runs`, JSON.stringify(args));
        return 'sent';
      },
    });
    const chat = () => {
      const provider = new ChatCompletionsBuilder().withBaseUrl(input.emulatorUrl as string).withModel('m').build();
      return new ChatBuilder().withModel(provider).withTools([transfer]).build();
    };
    try {
      if (input.op === 'pause') {
        const messages = Messages.fromUser('Send 5 to Bob');
        const reply = await chat().complete(messages);
        const version = await conversations.save(input.id, messages);
        return { status: reply.status, pending: messages.pendingToolCalls().map((c) => c.id), version };
      }
      if (input.op === 'approve') return { version: await conversations.approve(input.id, input.callId as string, { decidedBy: `pid ${process.pid}` }) };
      const reply = await conversations.resume(input.id, (m) => chat().complete(m));
      return { status: reply.status, text: reply.text };
    } catch (error) {
      if (isChatError(error)) return { error: error.name };
      throw error;
    }
  } finally {
    redis.disconnect();
  }
});
