import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { ConfigurationError } from '../errors/configuration.error';
import type { RedisRunStreams } from '../redis/redis-run-streams';
import type { ChatJobData } from './chat-job.types';
import { activeTraceContext } from './trace-context';

/** What every {@link ChatQueue} takes. */
export interface ChatQueueSettings {
  /** Job options for every run (default: 3 attempts with exponential backoff from 1 s). */
  readonly jobOptions?: JobsOptions;
  /** The workers' run streams: needed by {@link ChatQueue.stop}. */
  readonly streams?: RedisRunStreams;
}

/** Options of {@link ChatQueue}: a connection (the queue is made and closed here) or a BullMQ queue you own. */
export type ChatQueueOptions = ChatQueueSettings &
  (
    | {
        /** The BullMQ queue name, shared with the workers (default `chat-runs`). */
        readonly name?: string;
        /** The Redis connection (an ioredis client or its options). */
        readonly connection: ConnectionOptions;
      }
    | {
        /** A BullMQ queue (e.g. Nest's `@InjectQueue()`); {@link ChatQueue.close} leaves it open. */
        readonly queue: Queue;
      }
  );

/**
 * Background chat runs on BullMQ: the web tier enqueues a run (a saved conversation + a chat name),
 * a `ChatWorker` anywhere executes it, its events flow through `RedisRunStreams` under the job id,
 * and its final turn is written to the conversation store. Any instance can stop a run, running or
 * still queued. With `@opentelemetry/api` installed, the active trace context travels with the job
 * so the worker's span is a child of the enqueuing one. Scale web and worker tiers apart.
 *
 * @example
 * const queue = new ChatQueue({ connection: redis, streams });
 * await conversations.save('c-1', Messages.fromUser('Plan my trip'));
 * const runId = await queue.enqueue({ conversationId: 'c-1', chat: 'planner' });
 * streams.read(runId).subscribe((e) => res.write(sseFrame(e)));
 * await queue.stop(runId); // from any instance
 */
export class ChatQueue {
  /** The BullMQ queue (for its events, metrics and admin). */
  readonly queue: Queue<ChatJobData>;
  private readonly jobOptions: JobsOptions;
  private readonly streams?: RedisRunStreams;
  private readonly owned: boolean;

  constructor(options: ChatQueueOptions) {
    this.owned = !('queue' in options);
    this.queue = 'queue' in options ? (options.queue as Queue<ChatJobData>) : new Queue<ChatJobData>(options.name ?? 'chat-runs', { connection: options.connection });
    this.jobOptions = options.jobOptions ?? { attempts: 3, backoff: { type: 'exponential', delay: 1000 } };
    this.streams = options.streams;
  }

  /** Enqueues a run; returns its id (the job id, also the run's stream id). */
  async enqueue(data: ChatJobData, options: { readonly runId?: string } = {}): Promise<string> {
    const trace = activeTraceContext();
    const job = await this.queue.add('chat-run', trace ? { ...data, trace } : data, { ...this.jobOptions, ...(options.runId ? { jobId: options.runId } : {}) });
    return job.id as string;
  }

  /**
   * Stops a run from any instance: a running one ends where it executes (its upstream request
   * closes, the partial turn is saved, the stream ends with `run-end` `stopped`); a queued one ends
   * the same way, without a model request, when a worker takes it (within the streams' retention).
   */
  async stop(runId: string): Promise<void> {
    if (!this.streams) throw new ConfigurationError('ChatQueue.stop needs the run streams: new ChatQueue({ ..., streams })');
    await this.streams.stop(runId);
  }

  /** Closes the queue's connection (not a queue that was given). */
  async close(): Promise<void> {
    if (this.owned) await this.queue.close();
  }
}
