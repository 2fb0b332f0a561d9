import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type CallToolResult, CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { JsonObject, JsonValue } from '../core/json.types';
import type { McpCallResult } from './mcp-wire.types';
import type { ToolDefinition, ToolProgressUpdate, ToolSet } from '../core/tool.types';
import { ToolCallDeniedError } from '../errors/tool-call-denied.error';
import { ToolProgressError } from '../errors/tool-progress.error';

/** Key under `authInfo.extra` where the HTTP handler puts the caller's context for the tools. */
export const MCP_CALLER_CONTEXT = 'chat-ts.callerContext';

/** A call the server is asked to run, as the approval callback sees it. */
export interface McpServedCall<C = unknown> {
  readonly tool: ToolDefinition;
  readonly arguments: JsonValue;
  /** The caller's context (what `ToolContext.context` will be). */
  readonly context: C;
}

/** Options of a server of chat-ts tools. */
export interface McpToolServerOptions<C = unknown> {
  /** Name and version in the MCP handshake (default `chat-ts`, `1.0.0`). */
  readonly name?: string;
  readonly version?: string;
  /**
   * Decides the calls of tools whose metadata says `requiresApproval` (an MCP client cannot pause
   * for a person of ours). Without it such calls are refused with an error result.
   */
  readonly approve?: (call: McpServedCall<C>) => boolean | Promise<boolean>;
  /** Whether a tool's thrown message is shown to the client (default true); else a generic text. */
  readonly exposeToolErrors?: boolean;
}

function toolsOf(tools: readonly ToolDefinition[] | ToolSet): () => readonly ToolDefinition[] {
  return Array.isArray(tools) ? () => tools as readonly ToolDefinition[] : () => (tools as ToolSet).tools;
}

const errorResult = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

/** A tool's return value as an MCP result: text as it is, a plain object also as structured content. */
export function mcpResultOf(output: unknown): McpCallResult {
  if (typeof output === 'string') return { content: [{ type: 'text', text: output }] };
  const text = JSON.stringify(output === undefined ? null : output) ?? 'null';
  const structured = typeof output === 'object' && output !== null && !Array.isArray(output) ? (JSON.parse(text) as JsonObject) : undefined;
  return structured ? { content: [{ type: 'text', text }], structuredContent: structured } : { content: [{ type: 'text', text }] };
}

/**
 * The `reportProgress` a served tool gets when the client asked for progress (a `progressToken`):
 * each report becomes a `notifications/progress` to the client; reports after the call ended are dropped.
 */
function progressSender(token: string | number | undefined, toolName: string, extra: ProgressExtra, live: () => boolean): ((update: ToolProgressUpdate) => void) | undefined {
  if (token === undefined) return undefined;
  return ({ progress, total, message }) => {
    if (!Number.isFinite(progress) || (total !== undefined && !Number.isFinite(total))) {
      throw new ToolProgressError(`"${toolName}" reported progress that is not a finite number (progress: ${String(progress)}, total: ${String(total)})`);
    }
    if (!live() || extra.signal.aborted) return;
    const params = { progressToken: token, progress, ...(total !== undefined ? { total } : {}), ...(typeof message === 'string' ? { message } : {}) };
    extra.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined); // the client went away: nothing to tell
  };
}

/** What `progressSender` needs of the SDK's request handler extra. */
interface ProgressExtra {
  readonly signal: AbortSignal;
  sendNotification(notification: { method: 'notifications/progress'; params: { progressToken: string | number; progress: number; total?: number; message?: string } }): Promise<void>;
}

/**
 * An MCP `Server` (from the official SDK) offering chat-ts tools: `tools/list` gives each tool's
 * name, description and JSON Schema; `tools/call` validates the arguments the tool's own way, asks
 * `approve` for tools that require approval, and runs the tool with a `ToolContext` whose
 * `context` is the caller's (given here, or by the HTTP handler per request) and whose signal is
 * aborted when the client cancels. A thrown error (a Nest guard's refusal included) is an
 * `isError` result. Connect it to any SDK transport; `serveMcpOverHttp()` / `serveMcpOverStdio()` do.
 *
 * @example
 * const server = createMcpToolServer(collectTools(new WeatherTools()), { name: 'weather' });
 * await server.connect(new StdioServerTransport());
 */
/** @internal the SDK server behind `McpHttpHandler` and `serveMcpOverStdio()`. */
export function createMcpToolServer<C = unknown>(tools: readonly ToolDefinition[] | ToolSet, options: McpToolServerOptions<C> = {}, context?: C): Server {
  const list = toolsOf(tools);
  const server = new Server({ name: options.name ?? 'chat-ts', version: options.version ?? '1.0.0' }, { capabilities: { tools: { listChanged: false } } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: list().map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.parameters as { type: 'object' } & JsonObject })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = list().find((t) => t.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}"`);
    const caller = ((extra.authInfo?.extra?.[MCP_CALLER_CONTEXT] as C | undefined) ?? context) as C;
    const args = (request.params.arguments ?? {}) as JsonValue;
    const check = await tool.validate(args);
    if (!check.ok) return errorResult(`Invalid arguments for "${tool.name}": ${check.message}`);
    if (tool.metadata?.requiresApproval === true) {
      const approved = options.approve ? await options.approve({ tool, arguments: args, context: caller }) : false;
      if (!approved) return errorResult(`The tool "${tool.name}" needs approval, and this call was not approved`);
    }
    try {
      const toolContext = { context: caller, signal: extra.signal, messages: [], callId: String(extra.requestId) };
      let running = true;
      const reportProgress = progressSender(request.params._meta?.progressToken, tool.name, extra, () => running);
      const output = await tool.execute(check.value, reportProgress ? { ...toolContext, reportProgress } : toolContext).finally(() => (running = false));
      return mcpResultOf(output) as CallToolResult;
    } catch (error) {
      if (ToolCallDeniedError.is(error) || options.exposeToolErrors !== false) return errorResult((error as Error)?.message ?? String(error));
      return errorResult(`Tool "${tool.name}" failed. Its error is not shown.`);
    }
  });
  return server;
}
