import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * A chat-ts decorator was used wrongly. Raised when the class is defined (at import), naming the
 * decorator, the class and the member.
 *
 * @example
 * class Tools { @Tool({ name: 'bad name!' }) run() {} }
 * // DecoratorUsageError: @Tool() on Tools.run: name "bad name!" must match /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/
 */
export class DecoratorUsageError extends ChatError {
  /** Decorator name, e.g. `@Tool()`. */
  readonly decorator: string;
  readonly className: string;
  readonly member?: string;

  constructor(decorator: string, className: string, member: string | undefined, problem: string, options: ChatErrorOptions = {}) {
    super(`${decorator} on ${member === undefined ? className : `${className}.${member}`}: ${problem}`, options);
    this.decorator = decorator;
    this.className = className;
    this.member = member;
  }
}
