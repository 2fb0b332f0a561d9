import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * An MCP server could not be reached, or its connection was lost: the process did not start or
 * exited (crashed mid-call), the HTTP endpoint refused the connection or answered with an HTTP
 * error. Calls running on that connection fail with this error; the next call reconnects. Retryable.
 *
 * @example
 * catch (e) { if (e instanceof McpConnectionError) console.error(e.server, e.status, e.stderrTail); }
 */
export class McpConnectionError extends ChatError {
  /** Name of the server in the tool set's configuration. */
  readonly server: string;
  /** The last lines a stdio server wrote to its stderr. */
  readonly stderrTail: string;

  constructor(message: string, options: ChatErrorOptions & { server: string; stderrTail?: string }) {
    super(message, options);
    this.server = options.server;
    this.stderrTail = options.stderrTail ?? '';
  }

  protected override defaultRetryable(): boolean {
    return true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), server: this.server, status: this.status };
  }
}
