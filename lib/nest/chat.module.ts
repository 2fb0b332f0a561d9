import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ChatRegistry } from './chat.registry';
import { CHAT_MODULE_ASYNC_OPTIONS_TYPE, CHAT_MODULE_OPTIONS_TYPE, ChatConfigurableModule } from './chat.module-definition';
import { DEFAULT_CHAT_NAME, getChatToken } from './constants';
import { NestChat } from './nest-chat';
import { ChatToolExplorer } from './tool.explorer';

function chatProvider(name: string): Provider {
  return { provide: getChatToken(name), useFactory: (registry: ChatRegistry) => registry.get(name), inject: [ChatRegistry] };
}

/** Adds the DI tokens of named chats to a module definition. */
function withNamedChats(definition: DynamicModule, names: readonly string[]): DynamicModule {
  const named = [...new Set(names)].filter((name) => name !== DEFAULT_CHAT_NAME);
  if (named.length === 0) return definition;
  const tokens = named.map((name) => getChatToken(name));
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...named.map(chatProvider)],
    exports: [...(definition.exports ?? []), ...tokens],
  };
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
 *       isGlobal: true,
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
    return withNamedChats(super.forRoot(options), [...(options.chatNames ?? []), ...Object.keys(options.chats ?? {})]);
  }

  /** Configures the chats from a factory; list the named chats to inject in `chatNames`. */
  static override forRootAsync(options: typeof CHAT_MODULE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withNamedChats(super.forRootAsync(options), options.chatNames ?? []);
  }
}
