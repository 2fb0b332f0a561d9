import type { JsonValue } from '../core/json.types';
import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * An MCP tool answered with `isError: true`. The message is the tool's own text (what the model is
 * shown, under the chat's tool-error policy); `content` keeps every content block. Not retryable.
 *
 * @example
 * catch (e) { if (e instanceof McpToolError) console.error(e.server, e.toolName, e.content); }
 */
export class McpToolError extends ChatError {
  /** Name of the server in the tool set's configuration. */
  readonly server: string;
  /** The tool's name on its server. */
  readonly toolName: string;
  /** The content blocks of the error result, as the server sent them. */
  readonly content: JsonValue;

  constructor(message: string, options: ChatErrorOptions & { server: string; toolName: string; content: JsonValue }) {
    super(message, options);
    this.server = options.server;
    this.toolName = options.toolName;
    this.content = options.content;
  }

  protected override defaultRetryable(): boolean {
    return false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), server: this.server, toolName: this.toolName };
  }
}
