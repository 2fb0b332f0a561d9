import { Inject, Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, WorkerOptions } from 'bullmq';
import type { ChatJobData, ChatJobResult } from '../../bullmq/chat-job.types';
import { ChatRunExecutor } from '../../bullmq/chat-run.executor';
import type { ConversationStore } from '../../core/conversation-store.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { RedisRunStreams } from '../../redis/redis-run-streams';
import { ChatRegistry } from '../chat.registry';
import { CHAT_QUEUE_CONVERSATIONS, CHAT_QUEUE_OPTIONS, type ChatQueueRuntimeOptions } from './chat-queue-module.options';

/**
 * The worker tier's job handler: runs each queued chat with the `ChatModule` chat of its name (or
 * the module's `chats` factory for it), through the shared `ChatRunExecutor`.
 */
@Injectable()
export class ChatRunHost extends WorkerHost implements OnModuleInit {
  private executor?: ChatRunExecutor;
  private registry?: ChatRegistry;

  constructor(
    @Inject(CHAT_QUEUE_OPTIONS) private readonly options: ChatQueueRuntimeOptions,
    @Inject(CHAT_QUEUE_CONVERSATIONS) private readonly conversations: ConversationStore,
    private readonly streams: RedisRunStreams,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
  }

  /** Nest lifecycle hook: the worker tier must have `ChatModule`, whose chats run the jobs. */
  async onModuleInit(): Promise<void> {
    try {
      this.registry = this.moduleRef.get(ChatRegistry, { strict: false });
    } catch {
      this.registry = undefined;
    }
    if (!this.registry) {
      // Nest runs no shutdown hooks for a context whose init failed, so close the BullMQ worker and
      // queue @nestjs/bullmq started (its registrar's hook runs beside this one): left open, their
      // connections keep the process (or jest) alive, reconnecting forever.
      await null;
      await this.closeStarted();
      throw new ConfigurationError('ChatQueueModule.register({ worker }) runs jobs with the ChatModule chats: import ChatModule.forRoot() in the worker application');
    }
  }

  private async closeStarted(): Promise<void> {
    let worker: { readonly name: string; close(): Promise<void> } | undefined;
    try {
      worker = this.worker;
    } catch {
      return; // not started
    }
    let queue: { close(): Promise<void> } | undefined;
    try {
      queue = this.moduleRef.get<{ close(): Promise<void> }>(getQueueToken(worker.name), { strict: false });
    } catch {
      queue = undefined;
    }
    await Promise.all([worker.close(), queue?.close()]);
  }

  /** Called by `@nestjs/bullmq` for every job of the queue. */
  process(job: Job<ChatJobData, ChatJobResult>): Promise<ChatJobResult> {
    return this.runner().run(job);
  }

  private runner(): ChatRunExecutor {
    if (this.executor) return this.executor;
    const registry = this.registry;
    if (!registry) throw new ConfigurationError('ChatQueueModule: a job arrived before the application initialised');
    const factories = this.options.chats ?? {};
    return (this.executor = new ChatRunExecutor({
      redis: this.options.redis,
      prefix: this.options.prefix,
      conversations: this.conversations,
      streams: this.streams,
      leaseMs: this.options.leaseMs,
      chat: (name, checkpoints) => {
        if (!registry.names().includes(name)) return undefined;
        const chat = registry.get<unknown>(name);
        if (Object.hasOwn(factories, name)) return factories[name](checkpoints, chat);
        // the ChatModule chat itself, on checkpoints: a retried job resumes, a completed tool never runs twice
        return chat.derive({ provider: (p) => checkpoints.provider(p), tools: (t) => checkpoints.tools(t) });
      },
      names: () => registry.names(),
    }));
  }
}

/** The processor class of one queue: {@link ChatRunHost} marked `@Processor(name, workerOptions)`. */
export function chatRunProcessor(name: string, workerOptions: Omit<WorkerOptions, 'connection'> = {}): Type<ChatRunHost> {
  @Processor(name, workerOptions)
  class ChatRunProcessor extends ChatRunHost {}
  return ChatRunProcessor;
}
