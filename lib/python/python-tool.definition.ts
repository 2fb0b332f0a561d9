import type { JsonObject, JsonSchema, JsonValue } from '../core/json.types';
import type { ToolArgumentsCheck, ToolContext, ToolDefinition, ToolMetadata } from '../core/tool.types';
import { activeTraceHeaders } from '../core/trace-context.registry';
import { PythonToolArgumentsError } from '../errors/python-tool-arguments.error';
import type { HostToolDescription } from './host-protocol.types';
import { validateJsonSchema } from './json-schema.validator';
import type { PythonToolCaller } from './python-host';

/** Where a Python tool is defined. */
export interface PythonToolSource {
  readonly file: string;
  readonly line: number;
  /** Qualified Python function name. */
  readonly functionName: string;
  /** `async def` functions run on the host's event loop, others in its thread pool. */
  readonly isAsync: boolean;
}

/**
 * A `@tool()` Python function as a chat-ts `ToolDefinition`. Arguments are checked against the
 * parameter schema here, before anything reaches Python; a Python exception makes `execute` throw a
 * `PythonToolError` (`ExceptionType: message`, traceback in `pythonTraceback`). Under
 * `openTelemetry()` a call carries the W3C trace context of its tool span, which the Python tool
 * reads with `chat_ts.trace_context()`.
 */
export class PythonToolDefinition implements ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly metadata: ToolMetadata;
  readonly source: PythonToolSource;

  constructor(
    description: HostToolDescription,
    private readonly caller: PythonToolCaller,
    private readonly timeoutMs: number,
  ) {
    this.name = description.name;
    this.description = description.description;
    this.parameters = description.parameters;
    this.metadata = description.metadata;
    this.source = { file: description.file, line: description.line, functionName: description.function, isAsync: description.async };
  }

  async validate(args: JsonValue): Promise<ToolArgumentsCheck> {
    const violations = validateJsonSchema(this.parameters, args);
    if (violations.length === 0) return { ok: true, value: args };
    return {
      ok: false,
      message: violations.map((v) => (v.path ? `${v.path} ${v.message}` : v.message)).join('; '),
      details: violations.map((v) => ({ path: v.path, message: v.message })),
    };
  }

  async execute(args: unknown, context: ToolContext): Promise<unknown> {
    const violations = validateJsonSchema(this.parameters, args);
    if (violations.length > 0) {
      const check = await this.validate(args as JsonValue);
      throw new PythonToolArgumentsError(`Invalid arguments for ${this.name}${check.ok ? '' : `: ${check.message}`}`, {
        toolName: this.name,
        violations,
      });
    }
    return this.caller.call(this.name, args as JsonObject, {
      callId: context.callId,
      signal: context.signal,
      timeoutMs: this.timeoutMs,
      trace: activeTraceHeaders(),
    });
  }
}
