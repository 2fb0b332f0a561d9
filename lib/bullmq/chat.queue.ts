import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { ChatJobData } from './chat-job.types';

/** Options of {@link ChatQueue}. */
export interface ChatQueueOptions {
  /** The BullMQ queue name, shared with the workers (default `chat-runs`). */
  readonly name?: string;
  /** The Redis connection (an ioredis client or its options). */
  readonly connection: ConnectionOptions;
  /** Job options for every run (default: 3 attempts with exponential backoff from 1 s). */
  readonly jobOptions?: JobsOptions;
}

/**
 * Background chat runs on BullMQ: the web tier enqueues a run (a saved conversation + a chat name),
 * a `ChatWorker` anywhere executes it, its events flow through `RedisRunStreams` under the job id,
 * and its final turn is written to the conversation store. Scale web and worker tiers apart.
 *
 * @example
 * const queue = new ChatQueue({ connection: redis });
 * await conversations.save('c-1', Messages.fromUser('Plan my trip'));
 * const runId = await queue.enqueue({ conversationId: 'c-1', chat: 'planner' });
 * streams.read(runId).subscribe((e) => res.write(sseFrame(e)));
 */
export class ChatQueue {
  /** The BullMQ queue (for its events, metrics and admin). */
  readonly queue: Queue<ChatJobData>;
  private readonly jobOptions: JobsOptions;

  constructor(options: ChatQueueOptions) {
    this.queue = new Queue<ChatJobData>(options.name ?? 'chat-runs', { connection: options.connection });
    this.jobOptions = options.jobOptions ?? { attempts: 3, backoff: { type: 'exponential', delay: 1000 } };
  }

  /** Enqueues a run; returns its id (the job id, also the run's stream id). */
  async enqueue(data: ChatJobData, options: { readonly runId?: string } = {}): Promise<string> {
    const job = await this.queue.add('chat-run', data, { ...this.jobOptions, ...(options.runId ? { jobId: options.runId } : {}) });
    return job.id as string;
  }

  /** Closes the queue's connection. */
  close(): Promise<void> {
    return this.queue.close();
  }
}
