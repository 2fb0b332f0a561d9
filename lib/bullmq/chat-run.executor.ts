import { UnrecoverableError, type Job } from 'bullmq';
import { lastValueFrom, type Observable } from 'rxjs';
import type { ConversationStore } from '../core/conversation-store.types';
import { Messages } from '../core/messages';
import type { RedisClient } from '../redis/redis-options.types';
import type { RedisRunStreams } from '../redis/redis-run-streams';
import { RedisRunCheckpoints } from '../redis/run-checkpoints';
import type { ChatJobData, ChatJobResult } from './chat-job.types';
import { inJobSpan } from './trace-context';

/** What a worker needs to run a chat: something with `stream(messages)` (a `Chat`, a `NestChat`). */
export interface StreamingChat {
  stream(conversation: Messages): Observable<{ readonly type: string }>;
}

/** The chat of that name for one attempt of a run (built on the attempt's checkpoints), or none. */
export type ChatResolver = (name: string, checkpoints: RedisRunCheckpoints) => StreamingChat | undefined;

/** Options of {@link ChatRunExecutor}. */
export interface ChatRunExecutorOptions {
  /** The ioredis client for checkpoints. */
  readonly redis: RedisClient;
  /** Key prefix of the checkpoints (default `chat-ts:`). */
  readonly prefix?: string;
  /** Where conversations live (shared with the web tier). */
  readonly conversations: ConversationStore;
  /** Where the run's events are relayed, and where stops arrive (optional). */
  readonly streams?: RedisRunStreams;
  /** How long a run holds its conversation, ms (default 10 min; a worker's `lockDuration` when given). */
  readonly leaseMs?: number;
  /** The chat of a job, by name. */
  readonly chat: ChatResolver;
  /** The names of the chats, for the error of a job naming another one. */
  readonly names: () => readonly string[];
}

/**
 * Runs one queued chat job, for `ChatWorker` and the Nest processor alike: claims the conversation
 * (the job id is the claim token, so a retried job takes its own claim back), runs the chat with
 * checkpoints inside a `process <queue>` span that continues the enqueuing trace, relays its events
 * (a stop from any instance ends it, also before it started), saves the final turn — partial when
 * stopped — to the conversation store, releases the claim and drops the checkpoints.
 * @internal
 */
export class ChatRunExecutor {
  constructor(private readonly options: ChatRunExecutorOptions) {}

  run(job: Job<ChatJobData, ChatJobResult>): Promise<ChatJobResult> {
    const info = { queue: job.queueName, jobId: job.id as string, chat: job.data.chat, attempt: job.attemptsMade + 1 };
    return inJobSpan(job.data.trace, info, () => this.execute(job));
  }

  private async execute(job: Job<ChatJobData, ChatJobResult>): Promise<ChatJobResult> {
    const { conversationId, chat: name } = job.data;
    const runId = job.id as string;
    const checkpoints = new RedisRunCheckpoints({ redis: this.options.redis, prefix: this.options.prefix, runId });
    const chat = this.options.chat(name, checkpoints);
    if (!chat) throw new UnrecoverableError(`No chat named "${name}" on this worker (known: ${this.options.names().join(', ')})`);
    const store = this.options.conversations;
    const stored = await store.load(conversationId);
    if (!stored) throw new UnrecoverableError(`No conversation "${conversationId}" is stored`);
    const token = `job:${runId}`;
    const claim = await store.claim(conversationId, stored.version, token, this.options.leaseMs ?? 600_000);
    if (claim === 'busy') throw new Error(`Conversation "${conversationId}" is being run elsewhere`); // retried later by BullMQ
    if (claim === 'conflict') throw new UnrecoverableError(`Conversation "${conversationId}" changed while the run was being claimed`);
    const messages = Messages.fromJSON(stored.conversation);
    let saved: { outcome: ChatJobResult['outcome']; version: number } | undefined;
    // Saves the final turn (partial when stopped) and releases the claim — before `run-end` is
    // relayed, so a client that reloads the conversation on `run-end` finds the answer there and
    // can send its next message at once.
    const save = async (ran: ChatJobResult['outcome']): Promise<void> => {
      const outcome = ran === 'completed' && messages.pendingToolCalls().length > 0 ? 'paused' : ran;
      const written = await store.save(conversationId, messages.toJSON(), stored.version, { token });
      await store.release(conversationId, token);
      if (!written.ok) throw new UnrecoverableError(`The run's result could not be saved: the conversation is ${written.reason}`);
      saved = { outcome, version: written.version };
    };
    try {
      if (this.options.streams) {
        await this.options.streams.publish(runId, chat.stream(messages), { beforeEnd: ({ outcome }) => save(outcome) });
      } else {
        await lastValueFrom(chat.stream(messages));
        await save('completed');
      }
    } catch (error) {
      if (!saved) await store.release(conversationId, token);
      throw error;
    }
    await checkpoints.clear();
    return saved!;
  }
}
