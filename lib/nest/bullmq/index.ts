/**
 * Background chat runs in NestJS (`chat-ts/nest/bullmq`) on `@nestjs/bullmq` and `ioredis`
 * (optional peer dependencies), apart from `chat-ts/nest` so that apps without a queue never load
 * them: `ChatQueueModule` gives the web tier a `ChatQueue` bound to the registered queue and runs
 * jobs with the `ChatModule` chats on the worker tier.
 * @packageDocumentation
 */
export {
  ChatQueueModule,
} from './chat-queue.module';
export {
  CHAT_QUEUE_CONVERSATIONS,
  CHAT_QUEUE_OPTIONS,
} from './chat-queue-module.options';
export type {
  ChatQueueModuleAsyncOptions,
  ChatQueueModuleOptions,
  ChatQueueModuleSettings,
  ChatQueueRuntimeOptions,
  QueuedChatFactory,
} from './chat-queue-module.options';
