import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * An MCP server answered with a JSON-RPC error, or with something that is not valid MCP (a result
 * of the wrong shape, structured content that breaks the tool's output schema). Not retryable.
 *
 * @example
 * catch (e) { if (e instanceof McpProtocolError) console.error(e.server, e.rpcCode); }
 */
export class McpProtocolError extends ChatError {
  /** Name of the server in the tool set's configuration. */
  readonly server: string;
  /** JSON-RPC error code, when the server sent one (e.g. `-32602` invalid params). */
  readonly rpcCode: number | undefined;

  constructor(message: string, options: ChatErrorOptions & { server: string; rpcCode?: number }) {
    super(message, options);
    this.server = options.server;
    this.rpcCode = options.rpcCode;
  }

  protected override defaultRetryable(): boolean {
    return false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), server: this.server, rpcCode: this.rpcCode };
  }
}
