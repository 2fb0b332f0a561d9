import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * A tool refused to run for the current caller (e.g. a NestJS guard said no). Thrown from a tool's
 * `execute()`, it becomes a `denied` tool result the model sees, with this message, instead of an
 * `execution` failure.
 */
export class ToolCallDeniedError extends ChatError {
  /** The tool that was refused. */
  readonly toolName: string;

  constructor(toolName: string, message: string, options: ChatErrorOptions = {}) {
    super(message, options);
    this.toolName = toolName;
  }

  protected override defaultRetryable(): boolean {
    return false;
  }
}
