import type { JsonObject, JsonSchema, JsonValue } from '../core/json.types';
import type { ToolMetadata } from '../core/tool.types';
import type { TraceHeaders } from '../core/trace-context.registry';

/** A tool as the Python host describes it after discovery. */
export interface HostToolDescription {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly metadata: ToolMetadata;
  /** Qualified Python function name. */
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly async: boolean;
}

/** Something that kept a file or function from becoming a tool. */
export interface HostProblem {
  readonly kind: 'syntax' | 'import' | 'schema' | 'clash' | 'directory';
  readonly message: string;
  readonly file?: string;
  readonly line?: number | null;
  readonly function?: string;
  readonly parameter?: string | null;
  readonly name?: string;
  readonly exceptionType?: string;
  readonly traceback?: string;
  readonly importedFrom?: string;
  readonly files?: readonly string[];
}

/** Discovery finished (problems included); the host now takes calls. */
export interface HostReadyMessage {
  readonly type: 'ready';
  readonly protocol: number;
  readonly python: string;
  readonly executable: string;
  readonly pid: number;
  readonly tools: readonly HostToolDescription[];
  readonly problems: readonly HostProblem[];
}

/** The entry script refused to run (interpreter too old). */
export interface HostFatalMessage {
  readonly type: 'fatal';
  readonly kind: 'interpreter-version';
  readonly version: string;
  readonly required: string;
  readonly executable?: string;
}

/** What a failed call carries back. */
export interface HostCallError {
  readonly type: string;
  readonly module?: string;
  readonly message: string;
  readonly traceback?: string;
}

/** The outcome of one call. */
export type HostResultMessage =
  | { readonly type: 'result'; readonly id: string; readonly ok: true; readonly value: JsonValue }
  | { readonly type: 'result'; readonly id: string; readonly ok: false; readonly error: HostCallError };

/** One line a tool printed (`id` is null outside calls, e.g. at import time). */
export interface HostOutputMessage {
  readonly type: 'output';
  readonly id: string | null;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** The host could not understand a request. */
export interface HostProtocolErrorMessage {
  readonly type: 'protocol-error';
  readonly message: string;
}

/** Every message the host writes, one JSON object per line. */
export type HostMessage = HostReadyMessage | HostFatalMessage | HostResultMessage | HostOutputMessage | HostProtocolErrorMessage;

/** Every message chat-ts writes to the host. */
export type HostRequest =
  | { readonly type: 'call'; readonly id: string; readonly tool: string; readonly arguments: JsonObject; readonly trace?: TraceHeaders }
  | { readonly type: 'cancel'; readonly id: string }
  | { readonly type: 'shutdown' };

/** Parses one protocol line; `undefined` when it is not a host message. */
export function parseHostMessage(line: string): HostMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const type = (parsed as { type?: unknown }).type;
  const known = ['ready', 'fatal', 'result', 'output', 'protocol-error'];
  return typeof type === 'string' && known.includes(type) ? (parsed as HostMessage) : undefined;
}
