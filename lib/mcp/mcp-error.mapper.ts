import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { McpConnectionError } from '../errors/mcp-connection.error';
import { McpProtocolError } from '../errors/mcp-protocol.error';
import { TimeoutError } from '../errors/timeout.error';

/** What the mapper needs to know about the failed request. */
export interface McpFailureContext {
  readonly server: string;
  /** e.g. `calling "echo"`, `listing the tools`. */
  readonly doing: string;
  readonly timeoutMs?: number;
  /** The last lines of the server's stderr (stdio servers). */
  readonly stderrTail: () => string;
  /** Whether the connection is closed by now (the process exited, the HTTP session ended). */
  readonly closed: () => boolean;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Turns what the MCP SDK throws into a typed chat-ts error: a lost connection (the process
 * exited, HTTP refused or failed) is an `McpConnectionError`, a timed-out request a `TimeoutError`,
 * a JSON-RPC error or a malformed answer an `McpProtocolError`. An abort is passed through as it is.
 */
export function mapMcpError(error: unknown, ctx: McpFailureContext): unknown {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const where = `MCP server "${ctx.server}"`;
  if (error instanceof McpError) {
    if (error.code === ErrorCode.ConnectionClosed) {
      const tail = ctx.stderrTail();
      return new McpConnectionError(`${where} closed the connection while ${ctx.doing}${tail ? `; its stderr ends with: ${tail}` : ''}`, { server: ctx.server, stderrTail: tail, cause: error });
    }
    if (error.code === ErrorCode.RequestTimeout) {
      return new TimeoutError(`${where} did not answer within ${ctx.timeoutMs ?? 'the timeout'} ms while ${ctx.doing}`, { cause: error });
    }
    return new McpProtocolError(`${where} answered with an error while ${ctx.doing}: ${error.message}`, { server: ctx.server, rpcCode: error.code, cause: error });
  }
  if (error instanceof StreamableHTTPError) {
    const status = typeof error.code === 'number' && error.code >= 100 ? error.code : undefined;
    return new McpConnectionError(`${where} answered HTTP ${status ?? 'error'} while ${ctx.doing}`, { server: ctx.server, status, cause: error, retryable: status === undefined || status >= 500 || status === 429 });
  }
  if (ctx.closed() || /fetch failed|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|other side closed/i.test(messageOf(error))) {
    const tail = ctx.stderrTail();
    return new McpConnectionError(`${where} could not be reached while ${ctx.doing}: ${messageOf(error)}`, { server: ctx.server, stderrTail: tail, cause: error });
  }
  return new McpProtocolError(`${where} sent an answer that is not valid MCP while ${ctx.doing}: ${messageOf(error)}`, { server: ctx.server, cause: error });
}
