import type { ToolMetadata } from '../core/tool.types';

/** The tool of a server as the approval rule sees it. */
export interface McpToolInfo {
  /** Name of the server in the tool set's configuration. */
  readonly server: string;
  /** The tool's name on its server. */
  readonly name: string;
  readonly description: string;
  /** The server's hints (`readOnlyHint`, `destructiveHint`...), when it gave some. */
  readonly annotations: ToolMetadata;
}

/**
 * Which tools of a server need a person's approval before they run (the chat's human-in-the-loop:
 * the call pauses until approved): `true` for all, a list of tool names, or a predicate
 * (e.g. `(t) => t.annotations.readOnlyHint !== true`).
 */
export type McpApprovalRule = boolean | readonly string[] | ((tool: McpToolInfo) => boolean);

/** What every server entry may set. */
export interface McpServerCommonConfig {
  /** Tools that need approval (default: none). */
  readonly requiresApproval?: McpApprovalRule;
  /** Only these tools of the server are offered (by their name on the server). */
  readonly include?: readonly string[];
  /** Timeout of one tool call, ms (default: the set's `timeoutMs`); progress notifications reset it. */
  readonly timeoutMs?: number;
  /** Prefix of this server's tool names when they are namespaced (default: the server's key). */
  readonly prefix?: string;
}

/** A server run as a child process, spoken to over its stdin/stdout. */
export interface McpStdioServerConfig extends McpServerCommonConfig {
  /** The executable, e.g. `process.execPath` (node) or `uvx`. */
  readonly command: string;
  readonly args?: readonly string[];
  /** Environment of the process (default: a safe subset of this process's: PATH, HOME...). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** A server reached over Streamable HTTP. */
export interface McpHttpServerConfig extends McpServerCommonConfig {
  /** The MCP endpoint, e.g. `https://tools.example.com/mcp`. */
  readonly url: string | URL;
  /** Extra request headers (kept private: never in messages, logs or `JSON.stringify`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Bearer <token>` (kept private). */
  readonly bearerToken?: string;
}

/** One MCP server of a tool set. */
export type McpServerConfig = McpStdioServerConfig | McpHttpServerConfig;

/** A progress notification of a running MCP tool call. */
export interface McpProgressEvent {
  readonly server: string;
  /** The tool's name in the chat (namespaced when it is). */
  readonly tool: string;
  /** Id of the chat's tool call. */
  readonly callId: string;
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/**
 * How tool names are made unique across servers:
 * - `on-clash` (default): a tool keeps its name unless another server has one alike; then both become `<prefix>_<name>`.
 * - `always`: every tool is `<prefix>_<name>`.
 * - `never`: names are kept; a clash is a `ToolNameClashError`.
 */
export type McpNamespacing = 'on-clash' | 'always' | 'never';

/** Options of `McpToolSet.connect()`. */
export interface McpToolSetOptions {
  /** The servers, by name (the name is the default prefix of namespaced tool names). */
  readonly servers: Readonly<Record<string, McpServerConfig>>;
  readonly namespacing?: McpNamespacing;
  /** Timeout of one tool call, ms (default 60 000); progress notifications reset it. */
  readonly timeoutMs?: number;
  /** Timeout of connecting and listing the tools of one server, ms (default 30 000). */
  readonly connectTimeoutMs?: number;
  /** Called for every progress notification of a running call. */
  readonly onProgress?: (event: McpProgressEvent) => void;
  /** Called after a server's tool list changed (`notifications/tools/list_changed`) and was listed again. */
  readonly onToolsChanged?: (server: string) => void;
  /** Name this client gives itself in the MCP handshake (default `chat-ts`). */
  readonly clientName?: string;
}

/** Whether a server entry is an HTTP one. */
export function isHttpServer(config: McpServerConfig): config is McpHttpServerConfig {
  return 'url' in config && config.url !== undefined;
}
