import { Inject } from '@nestjs/common';
import { DEFAULT_CHAT_NAME, getChatToken } from './constants';
import { recordInjectedChat } from './injected-chats.store';

/**
 * Injects a chat configured by `ChatModule`: the default one, or a named one (configured in
 * `forRoot({ chats })` or by a feature module's `ChatModule.registerChat({ name })`).
 * A `NestChat` constructor parameter without a decorator gets the default chat too.
 * A name that no module configures fails the bootstrap with `ChatNotRegisteredError`, naming the class and the fix.
 *
 * @example
 * constructor(
 *   @InjectChat() private readonly chat: NestChat,
 *   @InjectChat('support') private readonly support: NestChat,
 * ) {}
 * @publicApi
 */
export function InjectChat(name: string = DEFAULT_CHAT_NAME): PropertyDecorator & ParameterDecorator {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`@InjectChat(name) takes a non-empty chat name, got ${JSON.stringify(name)}`);
  const inject = Inject(getChatToken(name));
  return (target: object, key?: string | symbol, index?: number) => {
    recordInjectedChat(target, name);
    if (typeof index === 'number') (inject as ParameterDecorator)(target, key, index);
    else (inject as PropertyDecorator)(target, key as string | symbol);
  };
}
