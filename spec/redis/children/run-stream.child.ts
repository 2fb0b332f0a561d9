/**
 * The instance that executes a run, in its own process: streams one chat turn from the emulator and
 * publishes its events to Redis until the turn ends or a stop arrives from another instance.
 * Reports the outcome and the assistant text kept on the conversation.
 */
import Redis from 'ioredis';
import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { RedisRunStreams } from '../../../lib/redis';
import { childMain } from '../../support/ts-child';

export interface RunStreamChildInput {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly runId: string;
  readonly emulatorUrl: string;
}

export interface RunStreamChildOutput {
  readonly outcome: string;
  readonly kept: string;
}

childMain<RunStreamChildInput, RunStreamChildOutput>(async (input) => {
  const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const provider = new ChatCompletionsBuilder().withBaseUrl(input.emulatorUrl).withModel('m').build();
    const chat = new ChatBuilder().withModel(provider).build();
    const messages = Messages.fromUser('Tell me a long story.');
    const result = await new RedisRunStreams({ redis, prefix: input.prefix }).publish(input.runId, chat.stream(messages));
    const last = messages.toJSON().messages.at(-1);
    const kept = last?.role === 'assistant' ? last.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : '';
    return { outcome: result.outcome, kept };
  } finally {
    redis.disconnect();
  }
});
