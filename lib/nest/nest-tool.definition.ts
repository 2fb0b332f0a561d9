import type { JsonSchema, JsonValue } from '../core/json.types';
import type { Message } from '../core/message.types';
import type { ToolArgumentsCheck, ToolContext, ToolDefinition, ToolMetadata } from '../core/tool.types';
import { ToolCallDeniedError } from '../errors/tool-call-denied.error';
import { ChatToolContext, type ChatToolInfo, type ChatToolPhase } from './chat-tool.context';
import { closeSchema, unlistedArguments } from './closed-schema';
import type { GuardVerdict, ToolPipeline } from './tool-pipeline';
import { applyToolValidation, type ToolValidationSource } from './tool-validation';

/** How a toolset's tools check their arguments beyond the tool's own validation. */
export interface ToolArgumentRules {
  /** `@Toolset({ closedSchemas: true })`: the schema says `additionalProperties: false`, and unlisted arguments are refused. */
  readonly closed?: boolean;
  /** The module's `toolValidation` (whitelist, forbidNonWhitelisted). */
  readonly validation?: ToolValidationSource;
}

const NEVER_ABORTED = new AbortController().signal;

/** The tool a `NestToolDefinition` runs: a `@Tool()` method's definition, or any tool (an MCP server's) with an optional origin. */
export type GuardedTool = ToolDefinition & { readonly origin?: string };

/**
 * A `@Tool()` method of a `@Toolset()` provider: the same name, schema and validation as
 * `collectTools()` gives outside Nest, but each call passes the method's guards, then runs inside
 * its interceptors. A refused call is a `denied` result the model sees. A chat's other tools (an
 * MCP server's, Python functions, plain definitions) are wrapped the same way, under the app-wide
 * guards and interceptors.
 */
export class NestToolDefinition implements ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly metadata: ToolMetadata;
  /** `Class.method`, for messages. */
  readonly origin: string;
  private readonly info: ChatToolInfo;

  constructor(
    private readonly method: GuardedTool,
    private readonly pipeline: ToolPipeline,
    /** The DI instance the method is bound to. */
    readonly instance: object,
    private readonly rules: ToolArgumentRules = {},
  ) {
    this.name = method.name;
    this.description = method.description;
    this.parameters = rules.closed ? closeSchema(method.parameters) : method.parameters;
    this.metadata = method.metadata;
    this.origin = method.origin ?? `tool "${method.name}"`;
    this.info = Object.freeze({ name: this.name, description: this.description, metadata: this.metadata });
  }

  async validate(args: JsonValue): Promise<ToolArgumentsCheck> {
    const unlisted = unlistedArguments(this.parameters, args);
    if (unlisted.length > 0) return { ok: false, message: unlisted.map((name) => `property ${name} should not exist`).join('; ') };
    return applyToolValidation(await this.method.validate(args), this.rules.validation?.current());
  }

  async execute(args: unknown, context: ToolContext): Promise<unknown> {
    ChatToolContext.register(context, this.info, 'call');
    const verdict = await this.pipeline.check(args, context);
    if (!verdict.allowed) throw new ToolCallDeniedError(this.name, `The tool "${this.name}" is not allowed for this caller: ${verdict.reason}`, { cause: verdict.error });
    return this.pipeline.run(args, context);
  }

  /** Asks the guards outside a call: before offering the tool (`offer`) or holding a call for a person (`approval`). */
  checkGuards(phase: Exclude<ChatToolPhase, 'call'>, caller: unknown, messages: readonly Message[], args?: JsonValue, callId = ''): Promise<GuardVerdict> {
    const toolContext: ToolContext = { context: caller, signal: NEVER_ABORTED, messages, callId };
    ChatToolContext.register(toolContext, this.info, phase);
    return this.pipeline.check(args, toolContext);
  }
}
