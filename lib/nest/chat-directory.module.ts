import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ChatDirectory } from './chat-directory';
import { DEFAULT_CHAT_NAME, getChatToken } from './constants';
import { knownChatNames } from './injected-chats.store';

/** The global module of an application's `ChatDirectory`. */
@Module({})
export class ChatDirectoryModule {}

/**
 * The global module `ChatModule.forRoot()` imports: the application's `ChatDirectory`
 * and a token for every chat name some `@InjectChat(name)` gives (read when Nest scans the module,
 * after every class is defined). Feature modules' own tokens take precedence (Nest looks at a
 * module's imports before the global ones); these make a name no module configures reach the
 * bootstrap check (`ChatNotRegisteredError`, naming the fix) instead of Nest's raw DI error.
 */
export function chatDirectoryModule(names: readonly string[]): DynamicModule {
  const directory = new ChatDirectory(names);
  let tokens: { providers: Provider[]; exports: Array<string | typeof ChatDirectory> } | undefined;
  const lazy = () => {
    if (!tokens) {
      const all = [...new Set([...names, ...knownChatNames()])].filter((name) => name !== DEFAULT_CHAT_NAME);
      tokens = {
        providers: [{ provide: ChatDirectory, useValue: directory }, ...all.map((name) => ({ provide: getChatToken(name), useFactory: () => directory.chat(name) }))],
        exports: [ChatDirectory, ...all.map((name) => getChatToken(name))],
      };
    }
    return tokens;
  };
  const module: DynamicModule = { module: ChatDirectoryModule, global: true };
  Object.defineProperty(module, 'providers', { enumerable: true, get: () => lazy().providers });
  Object.defineProperty(module, 'exports', { enumerable: true, get: () => lazy().exports });
  return module;
}
