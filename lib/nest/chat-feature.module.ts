import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ConfigurationError } from '../errors/configuration.error';
import { ChatDirectory } from './chat-directory';
import type { ChatFeatureAsyncOptions, ChatFeatureDefinition } from './chat-feature.types';
import { DEFAULT_CHAT_NAME, getChatToken } from './constants';

/** The module `ChatModule.registerChat()` / `registerChatAsync()` return: a feature module's own chats. */
@Module({})
export class ChatFeatureModule {}

function checkName(name: unknown, method: string): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`ChatModule.${method}() takes a chat name, got ${JSON.stringify(name)}`);
  if (name === DEFAULT_CHAT_NAME) throw new TypeError(`ChatModule.${method}(): "${DEFAULT_CHAT_NAME}" is the root module's chat; configure it in ChatModule.forRoot() or give the feature chat another name`);
}

function directoryOf(directory: ChatDirectory | undefined, name: string, method: string): ChatDirectory {
  if (!directory) {
    throw new ConfigurationError(`ChatModule.${method}({ name: '${name}' }) needs ChatModule.forRoot() or forRootAsync() in the application's root module (it owns the chats' lifecycle)`);
  }
  return directory;
}

/** The provider of a feature chat's token: registers the definition, then hands out the chat's one handle. */
function featureProvider(name: string, method: string, inject: NonNullable<ChatFeatureAsyncOptions['inject']>, definition: (...args: never[]) => Promise<ChatFeatureDefinition>): Provider {
  return {
    provide: getChatToken(name),
    useFactory: async (directory: ChatDirectory | undefined, ...args: never[]) => {
      const registry = directoryOf(directory, name, method);
      registry.register(await definition(...args));
      return registry.chat(name);
    },
    inject: [{ token: ChatDirectory, optional: true }, ...inject],
  };
}

/** `ChatModule.registerChat()`: see there. */
export function registerChatModule(definitions: readonly ChatFeatureDefinition[]): DynamicModule {
  for (const definition of definitions) checkName(definition?.name, 'registerChat');
  const names = definitions.map((d) => d.name);
  return {
    module: ChatFeatureModule,
    providers: definitions.map((definition) => featureProvider(definition.name, 'registerChat', [], async () => definition)),
    exports: names.map((name) => getChatToken(name)),
  };
}

/** `ChatModule.registerChatAsync()`: see there. */
export function registerChatAsyncModule(options: readonly ChatFeatureAsyncOptions[]): DynamicModule {
  for (const option of options) checkName(option?.name, 'registerChatAsync');
  return {
    module: ChatFeatureModule,
    imports: options.flatMap((o) => o.imports ?? []),
    providers: options.map((o) => featureProvider(o.name, 'registerChatAsync', o.inject ?? [], async (...args: never[]) => ({ ...(await o.useFactory(...args)), name: o.name }))),
    exports: options.map((o) => getChatToken(o.name)),
  };
}
