import { Module, type DynamicModule } from '@nestjs/common';
import { ChatModule, type ChatProviderSource, type ChatResource } from '../../lib/nest';
import type { RetryPolicy } from '../../lib/retry';
import { AuditController } from './audit/audit.controller';
import { AuditLog } from './audit/audit-log.service';
import { ChatController } from './chat/chat.controller';
import { ConversationsController } from './chat/conversations.controller';
import { ConversationService } from './conversations/conversation.service';
import { CONVERSATION_STORE, type ConversationStore } from './conversations/conversation.store';
import { InMemoryConversationStore } from './conversations/in-memory-conversation.store';
import { OrderTools } from './orders/order.tools';
import { OrdersService } from './orders/orders.service';

/** How the sample app reaches its model (an app would read this from its ConfigService). */
export interface SampleOptions {
  /** The model: a provider, a builder or a factory. */
  readonly provider: ChatProviderSource;
  /** Released on shutdown (e.g. the emulator the demo starts). */
  readonly resources?: readonly ChatResource[];
  /** Where conversations live (default: in memory). */
  readonly store?: ConversationStore;
  /** How failed model requests are retried (default: the engine's, 3 attempts with backoff; `false`: none). */
  readonly retry?: RetryPolicy | false;
}

const SAMPLE_OPTIONS = Symbol('SampleOptions');

/** Stands for the app's ConfigModule. */
@Module({})
class SampleConfigModule {
  static register(options: SampleOptions): DynamicModule {
    return { module: SampleConfigModule, providers: [{ provide: SAMPLE_OPTIONS, useValue: options }], exports: [SAMPLE_OPTIONS] };
  }
}

const SYSTEM_PROMPT =
  'You are the assistant of a small electronics shop. Use the tools to look orders up; refunds need a manager, so say when one is waiting for approval.';

/** The sample shop: a chat whose tools are an injectable service, a JSON and an SSE endpoint, and approvals. */
@Module({})
export class AppModule {
  static register(options: SampleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ChatModule.forRootAsync({
          imports: [SampleConfigModule.register(options)],
          inject: [SAMPLE_OPTIONS],
          useFactory: (config: SampleOptions) => ({
            provider: config.provider,
            systemPrompt: SYSTEM_PROMPT,
            options: { temperature: 0.2 },
            resources: config.resources,
            ...(config.retry !== undefined ? { retry: config.retry } : {}),
          }),
        }),
      ],
      controllers: [ChatController, ConversationsController, AuditController],
      providers: [
        OrdersService,
        OrderTools,
        AuditLog,
        ConversationService,
        { provide: CONVERSATION_STORE, useValue: options.store ?? new InMemoryConversationStore() },
      ],
    };
  }
}
