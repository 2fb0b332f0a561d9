import type { IncomingMessage } from 'node:http';
import type { McpToolServerOptions } from '../../mcp/mcp-tool.server';

/** A `@Toolset()` class, to pick the toolsets served. */
export type ToolsetClass = abstract new (...args: never[]) => object;

/** Options of `ChatMcpModule.forRoot()`. */
export interface ChatMcpModuleOptions<C = unknown> extends McpToolServerOptions<C> {
  /** Route of the MCP endpoint on the app's HTTP server (default `mcp`). */
  readonly path?: string;
  /** Serve only these `@Toolset()` classes (default: every `@Toolset()` provider). */
  readonly toolsets?: readonly ToolsetClass[];
  /** Serve only toolsets aimed at one of these chats (`@Toolset({ chats })`). */
  readonly chats?: readonly string[];
  /**
   * The caller's context for the tools, from the HTTP request (e.g. `req.user` set by your auth
   * middleware): what `ToolContext.context` and `ChatToolContext.context` hold in guards.
   */
  readonly context?: (request: IncomingMessage) => C | Promise<C>;
}

/** DI token of the options. */
export const CHAT_MCP_OPTIONS = 'chat-ts:mcp-options';
