import type { Message } from './message.types';
import type { JsonSchema, JsonValue } from './json.types';

/** Free metadata attached to a tool (e.g. `{ requiresApproval: true }`); never sent to the model. */
export type ToolMetadata = { readonly [key: string]: JsonValue | undefined };

/**
 * How far a running tool has got, as it reports it through {@link ToolContext.reportProgress}.
 * `progress` grows with each report; `total` is its end value when known.
 */
export interface ToolProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** What a running tool receives besides its arguments. The model never sees it. */
export interface ToolContext<C = unknown> {
  /** Caller data passed as `context` to `complete()` / `stream()` (user, tenant, request). */
  readonly context: C;
  /** Aborted when the chat is aborted or unsubscribed. */
  readonly signal: AbortSignal;
  /** The conversation as it stands (read-only view). */
  readonly messages: readonly Message[];
  /** Id of the tool call being run. */
  readonly callId: string;
  /**
   * Reports how far the tool has got: `chat.stream()` emits a `tool-progress` event for each
   * report made while the tool runs (before its `tool-result`); `complete()` ignores them, and so
   * does the engine once the call has ended. Absent when the caller does not take progress
   * (a tool run outside the engine), hence the optional call.
   *
   * @example
   * async index(args: IndexArgs, context: ToolContext): Promise<string> {
   *   for (let i = 0; i < args.files.length; i++) {
   *     context.reportProgress?.({ progress: i + 1, total: args.files.length, message: args.files[i] });
   *   }
   *   return 'indexed';
   * }
   */
  readonly reportProgress?: (update: ToolProgressUpdate) => void;
}

/**
 * Outcome of validating tool arguments. `message` says what is wrong with the arguments only
 * (e.g. `city must be a string`): the engine adds the tool's name (`Invalid arguments for "weather": …`).
 */
export type ToolArgumentsCheck =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly details?: JsonValue };

/**
 * A tool the engine can offer to the model and run: built from `@Tool()` methods, Python functions,
 * or by hand. Everything the model sees is `name`, `description` and `parameters`.
 */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  /** Canonical JSON Schema of the arguments object; providers adapt it to their dialect. */
  readonly parameters: JsonSchema;
  readonly metadata: ToolMetadata;
  /** Turns raw JSON arguments into what `execute` takes, or explains what is wrong. */
  validate(args: JsonValue): Promise<ToolArgumentsCheck>;
  /** Runs the tool with validated arguments. The returned value is serialised for the model. */
  execute(args: unknown, context: ToolContext): Promise<unknown>;
}

/** Provider-executed tools, switched on per builder. */
export type NativeToolKind =
  | 'google-search'
  | 'code-execution'
  | 'google-maps'
  | 'url-context'
  | 'web-search'
  | 'image-generation';

/** A native tool with its provider-specific options. */
export interface NativeTool {
  readonly kind: NativeToolKind;
  readonly options?: { readonly [key: string]: JsonValue };
}

/** Which tools the model may call. */
export type ToolChoice = 'auto' | 'none' | 'required' | { readonly name: string };

/** A collection of tools that may hold resources (a Python host process); `withTools()` takes one. */
export interface ToolSet {
  readonly tools: readonly ToolDefinition[];
  /** Releases what the tools hold (processes, sockets). */
  dispose?(): Promise<void>;
}
