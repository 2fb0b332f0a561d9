import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ChatRegistry } from './chat.registry';
import { CHAT_MODULE_ASYNC_OPTIONS_TYPE, CHAT_MODULE_OPTIONS_TYPE, ChatConfigurableModule } from './chat.module-definition';
import { chatDirectoryModule } from './chat-directory.module';
import { registerChatAsyncModule, registerChatModule } from './chat-feature.module';
import type { ChatFeatureAsyncOptions, ChatFeatureDefinition } from './chat-feature.types';
import { DEFAULT_CHAT_NAME, getChatToken } from './constants';
import { NestChat } from './nest-chat';
import { ChatToolExplorer } from './tool.explorer';

function chatProvider(name: string): Provider {
  return { provide: getChatToken(name), useFactory: (registry: ChatRegistry) => registry.get(name), inject: [ChatRegistry] };
}

/** Adds the application's chat directory (a global module: every chat name's token) to a root module definition. */
function withDirectory(definition: DynamicModule, names: readonly string[]): DynamicModule {
  return { ...definition, imports: [...(definition.imports ?? []), chatDirectoryModule(names)] };
}

/**
 * chat-ts for NestJS: configures one or several chats from providers (or builders, or factories),
 * finds the `@Tool()` methods of `@Toolset()` providers at bootstrap and runs their calls through
 * Nest guards and interceptors, and releases everything with a lifetime (Python hosts, providers,
 * transports, emulators) on application shutdown.
 *
 * @example
 * @Module({
 *   imports: [
 *     ChatModule.forRootAsync({
 *       imports: [ConfigModule],
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({
 *         provider: new ResponsesBuilder().withBaseUrl(config.get('LLM_URL')).withModel('gpt-5-mini'),
 *         systemPrompt: 'You are the shop assistant.',
 *       }),
 *     }),
 *   ],
 *   providers: [OrdersService, OrderTools],
 * })
 * export class AppModule {}
 * @publicApi
 */
@Module({
  imports: [DiscoveryModule],
  providers: [ChatToolExplorer, ChatRegistry, { provide: NestChat, useFactory: (registry: ChatRegistry) => registry.get(), inject: [ChatRegistry] }, chatProvider(DEFAULT_CHAT_NAME)],
  exports: [ChatRegistry, NestChat, getChatToken(DEFAULT_CHAT_NAME)],
})
export class ChatModule extends ChatConfigurableModule {
  /** Configures the chats from options; the keys of `chats` become injectable with `@InjectChat(name)`. */
  static override forRoot(options: typeof CHAT_MODULE_OPTIONS_TYPE): DynamicModule {
    return withDirectory(super.forRoot(options), [...(options.chatNames ?? []), ...Object.keys(options.chats ?? {})]);
  }

  /** Configures the chats from a factory; every name `@InjectChat(name)` gives is injectable (`chatNames` adds others, for `moduleRef.get(getChatToken(name))`). */
  static override forRootAsync(options: typeof CHAT_MODULE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withDirectory(super.forRootAsync(options), options.chatNames ?? []);
  }

  /**
   * Declares chats of a feature module, as `@nestjs/bullmq`'s `registerQueue()` declares queues: each
   * becomes injectable with `@InjectChat(name)` and can be the target of `@Toolset({ chats: [name] })`.
   * A definition without `provider` shares the model of the root module's default chat. Needs
   * `ChatModule.forRoot()`/`forRootAsync()` in the root module, which builds and releases every chat.
   *
   * @example
   * @Module({
   *   imports: [ChatModule.registerChat({ name: 'billing', systemPrompt: 'You answer billing questions.' })],
   *   providers: [BillingService, InvoiceTools],
   * })
   * export class BillingModule {}
   */
  static registerChat(...definitions: ChatFeatureDefinition[]): DynamicModule {
    return registerChatModule(definitions);
  }

  /**
   * `registerChat()` with settings from a factory with injected dependencies.
   *
   * @example
   * ChatModule.registerChatAsync({
   *   name: 'billing',
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ systemPrompt: config.getOrThrow<string>('BILLING_PROMPT') }),
   * })
   */
  static registerChatAsync(...options: ChatFeatureAsyncOptions[]): DynamicModule {
    return registerChatAsyncModule(options);
  }
}
