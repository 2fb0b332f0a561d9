import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { ChatDefinition, ChatProviderSource } from './chat-module-options.types';

/**
 * A chat a feature module declares with `ChatModule.registerChat()`: a name and the settings of a
 * `ChatDefinition`. Without `provider` it shares the model of the default chat of `ChatModule.forRoot()`.
 *
 * @example
 * ChatModule.registerChat({ name: 'billing', systemPrompt: 'You answer billing questions.' })
 */
export interface ChatFeatureDefinition extends Omit<ChatDefinition, 'provider'> {
  /** The name to inject with `@InjectChat(name)` and to aim `@Toolset({ chats: [name] })` at. */
  readonly name: string;
  /** The model; default: the provider of the root module's default chat. */
  readonly provider?: ChatProviderSource;
}

/**
 * `ChatModule.registerChatAsync()`: a feature chat whose settings come from a factory with injected
 * dependencies (a config service), as `forRootAsync` does for the root.
 *
 * @example
 * ChatModule.registerChatAsync({
 *   name: 'billing',
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ systemPrompt: config.getOrThrow<string>('BILLING_PROMPT') }),
 * })
 */
export interface ChatFeatureAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly name: string;
  readonly inject?: FactoryProvider['inject'];
  /** Returns the chat's settings (`name` comes from the options). */
  useFactory(...args: never[]): Omit<ChatFeatureDefinition, 'name'> | Promise<Omit<ChatFeatureDefinition, 'name'>>;
}
