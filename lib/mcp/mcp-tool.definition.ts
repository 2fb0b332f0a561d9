import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { JsonSchemaType, JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { JsonObject, JsonSchema, JsonValue } from '../core/json.types';
import type { ToolArgumentsCheck, ToolContext, ToolDefinition, ToolMetadata, ToolProgressUpdate } from '../core/tool.types';
import { McpToolError } from '../errors/mcp-tool.error';
import type { McpConnection } from './mcp-connection';
import { mcpToolOutput } from './mcp-result.mapper';
import type { McpProgressEvent, McpToolInfo } from './mcp-server.config';
import type { McpProgressUpdate, McpTool as Tool } from './mcp-wire.types';

const validators = new AjvJsonSchemaValidator();

/** Settings one MCP tool is created with. */
export interface McpToolSettings {
  readonly timeoutMs: number;
  readonly requiresApproval: (tool: McpToolInfo) => boolean;
  readonly onProgress?: (event: McpProgressEvent) => void;
  /** Resolves once a listing of the server's tools under way (after `tools/list_changed`) is adopted. */
  readonly listed?: () => Promise<void>;
}

/** The input schema as chat-ts passes it on: the server's JSON Schema, minus the `$schema` marker. */
function parametersOf(tool: Tool): JsonSchema {
  const { $schema: _dialect, ...schema } = tool.inputSchema as JsonObject;
  return JSON.parse(JSON.stringify({ ...schema, type: 'object' })) as JsonSchema;
}

/** An MCP progress notification as a chat-ts progress update (a server's odd `total` or `message` is left out rather than failing the call). */
function progressUpdate(p: McpProgressUpdate): ToolProgressUpdate {
  const total = typeof p.total === 'number' && Number.isFinite(p.total) ? { total: p.total } : {};
  const message = typeof p.message === 'string' ? { message: p.message } : {};
  return { progress: p.progress, ...total, ...message };
}

function annotationsOf(tool: Tool): ToolMetadata {
  return JSON.parse(JSON.stringify(tool.annotations ?? {})) as ToolMetadata;
}

/**
 * A tool of an MCP server as a chat-ts `ToolDefinition`: its JSON Schema is what the model sees,
 * arguments are checked against it here, and a call is a `tools/call` on the server (the call's
 * abort sends `notifications/cancelled`; progress notifications go to `onProgress` and, in a
 * stream, become `tool-progress` events). Metadata:
 * `requiresApproval`, and `mcp: { server, tool, annotations }`.
 */
export class McpToolDefinition implements ToolDefinition {
  #tool: Tool;
  #validate: JsonSchemaValidator<unknown>;
  #parameters: JsonSchema;
  #metadata: ToolMetadata;
  #removed = false;

  /** @internal made by `McpToolSet`. */
  constructor(
    /** The name the model calls it by (namespaced when needed). */
    readonly name: string,
    tool: Tool,
    private readonly connection: McpConnection,
    private readonly settings: McpToolSettings,
  ) {
    this.#tool = tool;
    this.#parameters = parametersOf(tool);
    this.#validate = validators.getValidator(this.#parameters as JsonSchemaType);
    this.#metadata = this.metadataOf(tool);
  }

  /** Name of the server in the tool set's configuration. */
  get server(): string {
    return this.connection.server;
  }

  /** The tool's name on its server. */
  get remoteName(): string {
    return this.#tool.name;
  }

  /** `server:tool`, for messages. */
  get origin(): string {
    return `mcp:${this.server}/${this.remoteName}`;
  }

  get description(): string {
    return this.#tool.description ?? this.#tool.title ?? '';
  }

  get parameters(): JsonSchema {
    return this.#parameters;
  }

  get metadata(): ToolMetadata {
    return this.#metadata;
  }

  /** Whether the server no longer lists the tool (after `tools/list_changed`). */
  get removed(): boolean {
    return this.#removed;
  }

  async validate(args: JsonValue): Promise<ToolArgumentsCheck> {
    const value = args === null ? {} : args;
    if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'expected a JSON object' };
    const check = this.#validate(value);
    return check.valid ? { ok: true, value } : { ok: false, message: check.errorMessage };
  }

  async execute(args: unknown, context: ToolContext): Promise<unknown> {
    if (this.#removed) {
      throw new McpToolError(`The MCP server "${this.server}" no longer offers the tool "${this.remoteName}"`, { server: this.server, toolName: this.remoteName, content: [] });
    }
    const { onProgress } = this.settings;
    const { reportProgress } = context;
    const result = await this.connection.callTool(this.remoteName, (args ?? {}) as Record<string, unknown>, {
      signal: context.signal,
      timeoutMs: this.settings.timeoutMs,
      // progress is asked of the server only when someone takes it: the set's `onProgress`, or a stream (`tool-progress` events)
      onProgress:
        onProgress || reportProgress
          ? (p) => {
              onProgress?.({ server: this.server, tool: this.name, callId: context.callId, progress: p.progress, total: p.total, message: p.message });
              reportProgress?.(progressUpdate(p));
            }
          : undefined,
    });
    // a server that changed its tool list during the call (and said so before its result) has its new
    // list adopted before the model is asked again, so that the next request offers it
    await this.settings.listed?.();
    return mcpToolOutput(result, this.server, this.remoteName);
  }

  /** @internal takes the server's new listing of the tool. */
  refresh(tool: Tool): void {
    this.#tool = tool;
    this.#parameters = parametersOf(tool);
    this.#validate = validators.getValidator(this.#parameters as JsonSchemaType);
    this.#metadata = this.metadataOf(tool);
    this.#removed = false;
  }

  /** @internal the server stopped listing the tool. */
  markRemoved(): void {
    this.#removed = true;
  }

  private metadataOf(tool: Tool): ToolMetadata {
    const annotations = annotationsOf(tool);
    const info: McpToolInfo = { server: this.connection.server, name: tool.name, description: tool.description ?? '', annotations };
    return Object.freeze({ requiresApproval: this.settings.requiresApproval(info), mcp: { server: info.server, tool: tool.name, annotations: annotations as JsonObject } });
  }
}
