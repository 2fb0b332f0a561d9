import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * Tools cannot be collected: a method whose parameters are not `(args: SomeClass, context?: ToolContext)`,
 * or an instance without `@Tool()` methods. (Two tools with one name are a `ToolNameClashError`.)
 * Raised by `collectTools()` / `ToolsBuilder.collect()`, naming the class and method.
 */
export class ToolDefinitionError extends ChatError {
  /** Class of the offending tool, when there is one. */
  readonly className?: string;
  /** Method of the offending tool, when there is one. */
  readonly methodName?: string;

  constructor(message: string, where: { className?: string; methodName?: string } = {}, options: ChatErrorOptions = {}) {
    super(message, options);
    this.className = where.className;
    this.methodName = where.methodName;
  }
}
