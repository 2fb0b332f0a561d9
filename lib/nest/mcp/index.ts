/**
 * `@Toolset()` services as an MCP server in NestJS (`chat-ts/nest/mcp`), apart from `chat-ts/nest`
 * so that apps without MCP never load `@modelcontextprotocol/sdk`. To use MCP servers' tools in a
 * Nest chat, give `ChatModule` an `McpToolSet` (from `chat-ts/mcp`) as `tools`: it is closed on shutdown.
 * @packageDocumentation
 */
export {
  ChatMcpModule,
} from './chat-mcp.module';
export {
  ChatMcpTools,
} from './chat-mcp.tools';
export {
  CHAT_MCP_OPTIONS,
} from './chat-mcp.options';
export type {
  ChatMcpModuleOptions,
  ToolsetClass,
} from './chat-mcp.options';
