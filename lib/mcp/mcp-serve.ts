import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { McpHttpHandler, type McpHttpOptions } from './mcp-http.handler';
import { createMcpToolServer, type McpToolServerOptions } from './mcp-tool.server';

/** A running Streamable HTTP MCP server. */
export interface ServedMcp {
  /** The MCP endpoint, e.g. `http://127.0.0.1:43121/mcp`. */
  readonly url: string;
  readonly port: number;
  /** Closes the sessions and the HTTP server. */
  close(): Promise<void>;
}

/** Where to listen. */
export interface McpListenOptions {
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default `/mcp`. */
  readonly path?: string;
}

/**
 * Serves chat-ts tools over MCP Streamable HTTP on a plain Node HTTP server.
 *
 * @example
 * const served = await serveMcpOverHttp(collectTools(new WeatherTools()), { port: 3001 });
 * console.log(`MCP endpoint: ${served.url}`);
 */
export async function serveMcpOverHttp<C = unknown>(tools: readonly ToolDefinition[] | ToolSet, options: McpHttpOptions<C> & McpListenOptions = {}): Promise<ServedMcp> {
  const path = options.path ?? '/mcp';
  const handler = new McpHttpHandler<C>(tools, options);
  const server: HttpServer = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    void handler.handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`,
    port,
    close: async () => {
      await handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Serves chat-ts tools over MCP stdio (this process's stdin/stdout: nothing else may write to
 * stdout). Resolves once connected; the returned function closes the server.
 *
 * @example
 * // tools-server.ts, started by an MCP client as `node tools-server.js`
 * await serveMcpOverStdio(collectTools(new WeatherTools()), { name: 'weather' });
 */
export async function serveMcpOverStdio<C = unknown>(tools: readonly ToolDefinition[] | ToolSet, options: McpToolServerOptions<C> = {}, context?: C): Promise<() => Promise<void>> {
  const server = createMcpToolServer<C>(tools, options, context);
  await server.connect(new StdioServerTransport());
  return () => server.close();
}
