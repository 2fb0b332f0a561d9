import { ConfigurationError } from './configuration.error';
import type { ChatErrorOptions } from './chat.error';

/**
 * A class injects a named chat (`@InjectChat('billing')`) that no module configures: neither
 * `ChatModule.registerChat({ name })` / `registerChatAsync()` in a feature module nor `chats` in
 * `ChatModule.forRoot()`. Raised when the application initialises; the message names the class and the fix.
 *
 * @example
 * await expect(app.init()).rejects.toThrow(ChatNotRegisteredError);
 */
export class ChatNotRegisteredError extends ConfigurationError {
  /** The chat name that nothing configures. */
  readonly chatName: string;
  /** The classes that inject it. */
  readonly consumers: readonly string[];

  constructor(chatName: string, consumers: readonly string[], message: string, options: ChatErrorOptions = {}) {
    super(message, options);
    this.chatName = chatName;
    this.consumers = consumers;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), chatName: this.chatName, consumers: this.consumers };
  }
}
