import type { ModuleMetadata } from '@nestjs/common';
import type { JobsOptions, WorkerOptions } from 'bullmq';
import type { StreamingChat } from '../../bullmq/chat-run.executor';
import type { ConversationStore } from '../../core/conversation-store.types';
import type { RedisClient } from '../../redis/redis-options.types';
import type { RedisRunStreamsOptions } from '../../redis/redis-run-streams';
import type { RedisRunCheckpoints } from '../../redis/run-checkpoints';
import type { NestChat } from '../nest-chat';

/** Builds the chat that runs one attempt of a job, from the `ChatModule` chat of that name. */
export type QueuedChatFactory = (checkpoints: RedisRunCheckpoints, chat: NestChat<unknown>) => StreamingChat;

/** What the queue needs at run time (given directly, or by a factory with injected dependencies). */
export interface ChatQueueRuntimeOptions {
  /** The ioredis client of the run streams, the conversation store and the checkpoints (never closed here). */
  readonly redis: RedisClient;
  /** Key prefix (default `chat-ts:`). */
  readonly prefix?: string;
  /** Where conversations live (default a `RedisConversationStore` on `redis`). */
  readonly conversations?: ConversationStore;
  /** Trimming, retention and read options of the run streams. */
  readonly streams?: Omit<RedisRunStreamsOptions, 'redis' | 'prefix'>;
  /** Job options of every run (default: 3 attempts, exponential backoff from 1 s). */
  readonly jobOptions?: JobsOptions;
  /** How long a running job holds its conversation, ms (default 10 min). */
  readonly leaseMs?: number;
  /**
   * Worker tier: how a job's chat is built, by chat name. Without an entry, the `ChatModule` chat
   * of the job's name runs on the attempt's checkpoints (`chat.derive({ provider: cp.provider, tools: cp.tools })`),
   * so a retried attempt repeats no model step and no completed tool; an entry replaces that, e.g.
   * `(cp, chat) => chat.derive({ provider: (p) => cp.provider(p) })`.
   */
  readonly chats?: Readonly<Record<string, QueuedChatFactory>>;
}

/** The settings fixed when the module is defined (they shape its providers). */
export interface ChatQueueModuleSettings {
  /** The BullMQ queue (`BullModule.registerQueue({ name })`; default `chat-runs`). */
  readonly name?: string;
  /**
   * Run jobs in this application (the worker tier): `true`, or the BullMQ worker options
   * (`concurrency`, `lockDuration`, ...). Default: enqueue only (the web tier).
   */
  readonly worker?: boolean | Omit<WorkerOptions, 'connection'>;
}

/** Runtime options from a factory, as in `BullModule.forRootAsync`. */
export interface ChatQueueModuleAsyncOptions extends ChatQueueModuleSettings {
  readonly imports?: ModuleMetadata['imports'];
  /** Tokens whose instances the factory receives, in order. */
  readonly inject?: readonly (string | symbol | (abstract new (...args: never[]) => unknown))[];
  readonly useFactory: (...deps: never[]) => ChatQueueRuntimeOptions | Promise<ChatQueueRuntimeOptions>;
}

/** Options of `ChatQueueModule.register()`: runtime options given directly or by a factory. */
export type ChatQueueModuleOptions = ChatQueueModuleAsyncOptions | (ChatQueueModuleSettings & ChatQueueRuntimeOptions);

/** Injection token of the resolved {@link ChatQueueRuntimeOptions}. */
export const CHAT_QUEUE_OPTIONS = 'chat-ts:chat-queue-options';

/** Injection token of the queue's `ConversationStore`. */
export const CHAT_QUEUE_CONVERSATIONS = 'chat-ts:chat-queue-conversations';
