import { Inject } from '@nestjs/common';
import { DEFAULT_CHAT_NAME, getChatToken } from './constants';

/**
 * Injects a chat configured by `ChatModule`: the default one, or a named one.
 * A `NestChat` constructor parameter without a decorator gets the default chat too.
 *
 * @example
 * constructor(
 *   @InjectChat() private readonly chat: NestChat,
 *   @InjectChat('support') private readonly support: NestChat,
 * ) {}
 * @publicApi
 */
export function InjectChat(name: string = DEFAULT_CHAT_NAME): PropertyDecorator & ParameterDecorator {
  return Inject(getChatToken(name));
}
