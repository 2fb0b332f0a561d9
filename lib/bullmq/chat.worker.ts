import { Worker, type ConnectionOptions, type WorkerOptions } from 'bullmq';
import type { ConversationStore } from '../core/conversation-store.types';
import type { RedisClient } from '../redis/redis-options.types';
import type { RedisRunStreams } from '../redis/redis-run-streams';
import type { RedisRunCheckpoints } from '../redis/run-checkpoints';
import type { ChatJobData, ChatJobResult } from './chat-job.types';
import { ChatRunExecutor, type StreamingChat } from './chat-run.executor';

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
  /** Where the run's events are relayed and stops arrive (optional; without it runs cannot be stopped). */
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
 * the final turn to the conversation store (the partial turn when stopped), releases the claim and
 * drops the checkpoints. A worker killed mid-run loses nothing: BullMQ hands the stalled job to
 * another worker, which replays the saved steps and tool results and goes on from there. With
 * `@opentelemetry/api` installed, each run executes in a `process <queue>` span, a child of the
 * span that enqueued it.
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

  constructor(options: ChatWorkerOptions) {
    const chats = options.chats;
    const executor = new ChatRunExecutor({
      redis: options.redis,
      prefix: options.prefix,
      conversations: options.conversations,
      streams: options.streams,
      leaseMs: options.workerOptions?.lockDuration,
      chat: (name, checkpoints) => (Object.hasOwn(chats, name) ? chats[name](checkpoints) : undefined),
      names: () => Object.keys(chats),
    });
    this.worker = new Worker<ChatJobData, ChatJobResult>(options.name ?? 'chat-runs', (job) => executor.run(job), {
      ...options.workerOptions,
      connection: options.connection,
    });
  }

  /** Stops taking jobs and closes the worker's connections. */
  close(): Promise<void> {
    return this.worker.close();
  }
}
