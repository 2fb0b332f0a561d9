/**
 * Model Context Protocol for chat-ts, on the official `@modelcontextprotocol/sdk` (an optional peer
 * dependency): `McpToolSet` offers the tools of MCP servers (stdio or Streamable HTTP) to a chat,
 * and `McpHttpHandler` / `serveMcpOverHttp()` / `serveMcpOverStdio()` serve chat-ts tools
 * (`@Tool()` methods, any `ToolDefinition`) to MCP clients. The root `chat-ts` entry never loads it.
 * @packageDocumentation
 */
export {
  McpToolSet,
} from './mcp-tool.set';
export {
  McpToolDefinition,
} from './mcp-tool.definition';
export type {
  McpToolSettings,
} from './mcp-tool.definition';
export {
  mcpTools,
} from './mcp-tools.source';
export type {
  McpApprovalRule,
  McpHttpServerConfig,
  McpNamespacing,
  McpProgressEvent,
  McpServerCommonConfig,
  McpServerConfig,
  McpStdioServerConfig,
  McpToolInfo,
  McpToolSetOptions,
} from './mcp-server.config';
export {
  mcpToolOutput,
} from './mcp-result.mapper';
export type {
  McpCallResult,
  McpContentBlock,
  McpProgressUpdate,
  McpTool,
} from './mcp-wire.types';
export {
  McpConnectionError,
} from '../errors/mcp-connection.error';
export {
  McpProtocolError,
} from '../errors/mcp-protocol.error';
export {
  McpToolError,
} from '../errors/mcp-tool.error';
export {
  MCP_CALLER_CONTEXT,
  mcpResultOf,
} from './mcp-tool.server';
export type {
  McpServedCall,
  McpToolServerOptions,
} from './mcp-tool.server';
export {
  McpHttpHandler,
} from './mcp-http.handler';
export type {
  McpHttpOptions,
} from './mcp-http.handler';
export {
  serveMcpOverHttp,
  serveMcpOverStdio,
} from './mcp-serve';
export type {
  McpListenOptions,
  ServedMcp,
} from './mcp-serve';
