import type { JsonObject, JsonValue } from '../core/json.types';

/**
 * MCP data as chat-ts's public types name it: plain shapes of the protocol's JSON, so that the
 * published `.d.ts` of `chat-ts/mcp` never loads the SDK's (zod-based) types.
 */

/** A tool as `tools/list` describes it. */
export interface McpTool {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  /** JSON Schema of the arguments (an object schema). */
  readonly inputSchema: JsonObject;
  readonly outputSchema?: JsonObject;
  /** Hints: `readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint`, `title`. */
  readonly annotations?: JsonObject;
}

/** One content block of a tool result: `text`, `image`, `audio`, `resource_link` or `resource`. */
export interface McpContentBlock {
  readonly type: string;
  readonly text?: string;
  readonly data?: string;
  readonly mimeType?: string;
  readonly [key: string]: JsonValue | undefined;
}

/** A `tools/call` result. */
export interface McpCallResult {
  readonly content: readonly McpContentBlock[];
  readonly structuredContent?: JsonObject;
  readonly isError?: boolean;
}

/** A `notifications/progress` of a running request. */
export interface McpProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}
