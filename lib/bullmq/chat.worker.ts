import { UnrecoverableError, Worker, type ConnectionOptions, type Job, type WorkerOptions } from 'bullmq';
import { lastValueFrom, type Observable } from 'rxjs';
import type { ConversationStore } from '../core/conversation-store.types';
import { Messages } from '../core/messages';
import type { RedisClient } from '../redis/redis-options.types';
import type { RedisRunStreams } from '../redis/redis-run-streams';
import { RedisRunCheckpoints } from '../redis/run-checkpoints';
import type { ChatJobData, ChatJobResult } from './chat-job.types';

/** What a worker needs to run a chat: something with `stream(messages)` (a `Chat`). */
export interface StreamingChat {
  stream(conversation: Messages): Observable<{ readonly type: string }>;
}

/** Options of {@link ChatWorker}. */
export interface ChatWorkerOptions {
  /** The BullMQ queue name (default `chat-runs`). */
  readonly name?: string;
  /** The BullMQ connection (an ioredis client or its options; BullMQ needs `maxRetriesPerRequest: null`). */
  readonly connection: ConnectionOptions;
  /** The ioredis client for checkpoints. */
  readonly redis: RedisClient;
  /** Key prefix of the checkpoints (default `chat-ts:`). */
  readonly prefix?: string;
  /** Where conversations live (shared with the web tier). */
  readonly conversations: ConversationStore;
  /** Where the run's events are relayed (optional). */
  readonly streams?: RedisRunStreams;
  /**
   * The chats by name, each built for one attempt from the checkpointing wrappers: wrap the provider
   * with `checkpoints.provider()` and the tools with `checkpoints.tools()` so a retried attempt
   * repeats no model step and no completed tool.
   */
  readonly chats: Readonly<Record<string, (checkpoints: RedisRunCheckpoints) => StreamingChat>>;
  /** Extra BullMQ worker options (`concurrency`, `lockDuration`, `stalledInterval`, ...). */
  readonly workerOptions?: Omit<WorkerOptions, 'connection'>;
}

/**
 * Executes queued chat runs. Each run claims its conversation (the job id is the claim token, so a
 * retried job takes its own claim back), runs the chat with checkpoints, relays its events, saves
 * the final turn to the conversation store, releases the claim and drops the checkpoints. A worker
 * killed mid-run loses nothing: BullMQ hands the stalled job to another worker, which replays the
 * saved steps and tool results and goes on from there.
 *
 * @example
 * new ChatWorker({
 *   connection: redis, redis, conversations: store, streams,
 *   chats: { planner: (cp) => new ChatBuilder().withModel(cp.provider(provider)).withTools(cp.tools(tools)).build() },
 * });
 */
export class ChatWorker {
  /** The BullMQ worker (for its events and `close()`). */
  readonly worker: Worker<ChatJobData, ChatJobResult>;

  constructor(private readonly options: ChatWorkerOptions) {
    this.worker = new Worker<ChatJobData, ChatJobResult>(options.name ?? 'chat-runs', (job) => this.run(job), {
      ...options.workerOptions,
      connection: options.connection,
    });
  }

  /** Stops taking jobs and closes the worker's connections. */
  close(): Promise<void> {
    return this.worker.close();
  }

  private async run(job: Job<ChatJobData, ChatJobResult>): Promise<ChatJobResult> {
    const { conversationId, chat: name } = job.data;
    const build = this.options.chats[name];
    if (!build) throw new UnrecoverableError(`No chat named "${name}" on this worker (known: ${Object.keys(this.options.chats).join(', ')})`);
    const store = this.options.conversations;
    const stored = await store.load(conversationId);
    if (!stored) throw new UnrecoverableError(`No conversation "${conversationId}" is stored`);
    const token = `job:${job.id as string}`;
    const claim = await store.claim(conversationId, stored.version, token, this.options.workerOptions?.lockDuration ?? 600_000);
    if (claim === 'busy') throw new Error(`Conversation "${conversationId}" is being run elsewhere`); // retried later by BullMQ
    if (claim === 'conflict') throw new UnrecoverableError(`Conversation "${conversationId}" changed while the run was being claimed`);
    const checkpoints = new RedisRunCheckpoints({ redis: this.options.redis, prefix: this.options.prefix, runId: job.id as string });
    const messages = Messages.fromJSON(stored.conversation);
    const chat = build(checkpoints);
    let outcome: ChatJobResult['outcome'];
    try {
      if (this.options.streams) {
        outcome = (await this.options.streams.publish(job.id as string, chat.stream(messages))).outcome;
      } else {
        await lastValueFrom(chat.stream(messages));
        outcome = 'completed';
      }
    } catch (error) {
      await store.release(conversationId, token);
      throw error;
    }
    if (outcome === 'completed' && messages.pendingToolCalls().length > 0) outcome = 'paused';
    const written = await store.save(conversationId, messages.toJSON(), stored.version, { token });
    await store.release(conversationId, token);
    if (!written.ok) throw new UnrecoverableError(`The run's result could not be saved: the conversation is ${written.reason}`);
    await checkpoints.clear();
    return { outcome, version: written.version };
  }
}
