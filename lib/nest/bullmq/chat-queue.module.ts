import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ChatQueue } from '../../bullmq/chat.queue';
import { ConversationService } from '../../conversations/conversation.service';
import type { ConversationStore } from '../../core/conversation-store.types';
import { RedisConversationStore } from '../../redis/redis-conversation.store';
import { RedisRunStreams } from '../../redis/redis-run-streams';
import { CHAT_QUEUE_CONVERSATIONS, CHAT_QUEUE_OPTIONS, type ChatQueueModuleOptions, type ChatQueueRuntimeOptions } from './chat-queue-module.options';
import { chatRunProcessor } from './chat-run.processor';

function optionsProvider(options: ChatQueueModuleOptions): Provider {
  if ('useFactory' in options) return { provide: CHAT_QUEUE_OPTIONS, useFactory: options.useFactory, inject: [...(options.inject ?? [])] };
  const { name: _name, worker: _worker, ...runtime } = options;
  return { provide: CHAT_QUEUE_OPTIONS, useValue: runtime };
}

/**
 * Background chat runs in NestJS on `@nestjs/bullmq`: registers the BullMQ queue
 * (`BullModule.registerQueue`) and provides a `ChatQueue` bound to it, the `RedisRunStreams` its
 * runs are relayed through (serve them with `@Sse()`; stop from any instance) and a
 * `ConversationService` on the shared conversation store. With `worker`, the application is also
 * a worker tier: a `@Processor` runs each job with the `ChatModule` chat of its name, relays its
 * events and saves its final turn. Web and worker tiers are separate applications that scale apart;
 * both import `BullModule.forRoot({ connection })`, and the worker tier `ChatModule`. One queue per
 * application.
 *
 * @example
 * // web tier
 * @Module({ imports: [BullModule.forRoot({ connection }), ChatQueueModule.register({ redis })] })
 * export class WebModule {}
 * // worker tier
 * @Module({ imports: [BullModule.forRoot({ connection }), ChatModule.forRoot({ provider }), ChatQueueModule.register({ redis, worker: { concurrency: 4 } })] })
 * export class WorkerModule {}
 * @publicApi
 */
@Module({})
export class ChatQueueModule {
  /** The queue, its streams and conversations; with `worker`, its processor too. */
  static register(options: ChatQueueModuleOptions): DynamicModule {
    const name = options.name ?? 'chat-runs';
    const providers: Provider[] = [
      optionsProvider(options),
      {
        provide: RedisRunStreams,
        useFactory: (o: ChatQueueRuntimeOptions) => new RedisRunStreams({ ...o.streams, redis: o.redis, prefix: o.prefix }),
        inject: [CHAT_QUEUE_OPTIONS],
      },
      {
        provide: CHAT_QUEUE_CONVERSATIONS,
        useFactory: (o: ChatQueueRuntimeOptions): ConversationStore => o.conversations ?? new RedisConversationStore({ redis: o.redis, prefix: o.prefix }),
        inject: [CHAT_QUEUE_OPTIONS],
      },
      {
        provide: ConversationService,
        useFactory: (store: ConversationStore, o: ChatQueueRuntimeOptions) => new ConversationService({ store, ...(o.leaseMs ? { leaseMs: o.leaseMs } : {}) }),
        inject: [CHAT_QUEUE_CONVERSATIONS, CHAT_QUEUE_OPTIONS],
      },
      {
        provide: ChatQueue,
        useFactory: (queue: Queue, streams: RedisRunStreams, o: ChatQueueRuntimeOptions) => new ChatQueue({ queue, streams, ...(o.jobOptions ? { jobOptions: o.jobOptions } : {}) }),
        inject: [getQueueToken(name), RedisRunStreams, CHAT_QUEUE_OPTIONS],
      },
    ];
    if (options.worker) providers.push(chatRunProcessor(name, options.worker === true ? {} : options.worker));
    return {
      module: ChatQueueModule,
      imports: [BullModule.registerQueue({ name }), ...('useFactory' in options ? (options.imports ?? []) : [])],
      providers,
      exports: [ChatQueue, RedisRunStreams, ConversationService, CHAT_QUEUE_CONVERSATIONS, CHAT_QUEUE_OPTIONS],
    };
  }
}
