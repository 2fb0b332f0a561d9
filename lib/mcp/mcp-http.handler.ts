import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { createMcpToolServer, MCP_CALLER_CONTEXT, type McpToolServerOptions } from './mcp-tool.server';

/** Options of the Streamable HTTP handler. */
export interface McpHttpOptions<C = unknown> extends McpToolServerOptions<C> {
  /** The caller's context for the tools, from each HTTP request (user, tenant...); default `undefined`. */
  readonly context?: (request: IncomingMessage) => C | Promise<C>;
}

function sendError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

/**
 * Serves chat-ts tools over MCP Streamable HTTP (sessions, as the SDK's transport keeps them) from
 * any Node HTTP server: call `handle(req, res, body?)` for the MCP endpoint's POST, GET and DELETE
 * requests (`body`: the JSON already parsed by a body parser, if any). The caller's context is
 * computed for each request, so a tool (and a Nest guard) sees who sent that very call.
 *
 * @example
 * const mcp = new McpHttpHandler(collectTools(new WeatherTools()), { context: (req) => ({ user: req.headers['x-user'] }) });
 * http.createServer((req, res) => (req.url === '/mcp' ? mcp.handle(req, res) : res.writeHead(404).end())).listen(3000);
 */
export class McpHttpHandler<C = unknown> {
  readonly #sessions = new Map<string, StreamableHTTPServerTransport>();

  constructor(
    private readonly tools: readonly ToolDefinition[] | ToolSet,
    private readonly options: McpHttpOptions<C> = {},
  ) {}

  /** Number of open MCP sessions. */
  get sessions(): number {
    return this.#sessions.size;
  }

  /** Handles one request of the MCP endpoint. */
  async handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    try {
      const context = this.options.context ? await this.options.context(req) : undefined;
      const request = req as IncomingMessage & { auth?: AuthInfo };
      const auth = request.auth ?? { token: '', clientId: '', scopes: [] };
      request.auth = { ...auth, extra: { ...(auth.extra ?? {}), [MCP_CALLER_CONTEXT]: context } };
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? this.#sessions.get(sessionId) : undefined;
      if (existing) return await existing.handleRequest(req, res, body);
      if (sessionId !== undefined) return sendError(res, 404, 'Unknown MCP session');
      if (req.method !== 'POST') return sendError(res, 400, 'No MCP session: initialize first with a POST');
      if (body !== undefined && !isInitializeRequest(body)) return sendError(res, 400, 'No MCP session: the first request must be initialize');
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void this.#sessions.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) this.#sessions.delete(transport.sessionId);
      };
      const server = createMcpToolServer<C>(this.tools, this.options);
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, `MCP request failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /** Closes every session. */
  async close(): Promise<void> {
    const open = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(open.map((t) => t.close().catch(() => undefined)));
  }
}
