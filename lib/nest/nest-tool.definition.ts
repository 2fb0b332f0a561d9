import type { JsonSchema, JsonValue } from '../core/json.types';
import type { Message } from '../core/message.types';
import type { ToolArgumentsCheck, ToolContext, ToolDefinition, ToolMetadata } from '../core/tool.types';
import { ToolCallDeniedError } from '../errors/tool-call-denied.error';
import type { MethodToolDefinition } from '../tools/method-tool.definition';
import { ChatToolContext, type ChatToolInfo, type ChatToolPhase } from './chat-tool.context';
import type { GuardVerdict, ToolPipeline } from './tool-pipeline';

const NEVER_ABORTED = new AbortController().signal;

/**
 * A `@Tool()` method of a `@Toolset()` provider: the same name, schema and validation as
 * `collectTools()` gives outside Nest, but each call passes the method's guards, then runs inside
 * its interceptors. A refused call is a `denied` result the model sees.
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
    private readonly method: MethodToolDefinition,
    private readonly pipeline: ToolPipeline,
    /** The DI instance the method is bound to. */
    readonly instance: object,
  ) {
    this.name = method.name;
    this.description = method.description;
    this.parameters = method.parameters;
    this.metadata = method.metadata;
    this.origin = method.origin;
    this.info = Object.freeze({ name: this.name, description: this.description, metadata: this.metadata });
  }

  validate(args: JsonValue): Promise<ToolArgumentsCheck> {
    return this.method.validate(args);
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
