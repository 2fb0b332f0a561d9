import type { ExecutionContext } from '@nestjs/common';
import type { Message } from '../core/message.types';
import type { ToolContext, ToolMetadata } from '../core/tool.types';
import { CHAT_TOOL_CONTEXT_TYPE } from './constants';

/**
 * When guards and interceptors see a tool:
 * - `offer`: deciding whether the model may see the tool at all (`hideDeniedTools`); no arguments yet.
 * - `approval`: the call is about to wait for a person; `arguments` are the model's raw JSON.
 * - `call`: the call is about to run; `arguments` are the validated arguments instance.
 */
export type ChatToolPhase = 'offer' | 'approval' | 'call';

/** The tool as guards see it. */
export interface ChatToolInfo {
  readonly name: string;
  readonly description: string;
  readonly metadata: ToolMetadata;
}

interface Registration {
  readonly tool: ChatToolInfo;
  readonly phase: ChatToolPhase;
}

const registrations = new WeakMap<object, Registration>();

/**
 * A tool call as a Nest guard or interceptor sees it: the tool, its arguments, and the per-call
 * `context` given to `chat.complete()` / `chat.stream()` (the originating request's user, tenant...).
 * Tool calls run with `ExecutionContext.getType() === 'chat-tool'`; the handler's arguments are
 * `(args, toolContext)`.
 *
 * @example
 * @Injectable()
 * export class RolesGuard implements CanActivate {
 *   constructor(private readonly reflector: Reflector) {}
 *   canActivate(ctx: ExecutionContext): boolean {
 *     const roles = this.reflector.getAllAndOverride<string[]>(ROLES, [ctx.getHandler(), ctx.getClass()]) ?? [];
 *     const tool = ChatToolContext.fromExecutionContext<{ user: User }>(ctx);
 *     const user = tool ? tool.context.user : ctx.switchToHttp().getRequest().user;
 *     return roles.length === 0 || roles.some((r) => user?.roles.includes(r));
 *   }
 * }
 * @publicApi
 */
export class ChatToolContext<C = unknown, A = unknown> {
  /** Always `chat-tool`. */
  readonly type = CHAT_TOOL_CONTEXT_TYPE;

  constructor(
    /** The tool being offered, held or called. */
    readonly tool: ChatToolInfo,
    /** The call's arguments: validated in phase `call`, raw JSON in `approval`, `undefined` in `offer`. */
    readonly args: A | undefined,
    /** What the tool method receives as its second parameter. */
    readonly toolContext: ToolContext<C>,
    readonly phase: ChatToolPhase,
  ) {}

  /** The per-call `context` given to `complete()` / `stream()` (e.g. `{ user, request }`). */
  get context(): C {
    return this.toolContext.context;
  }

  /** Id of the tool call (empty in phase `offer`). */
  get callId(): string {
    return this.toolContext.callId;
  }

  /** The conversation as it stands. */
  get messages(): readonly Message[] {
    return this.toolContext.messages;
  }

  /** Aborted when the chat call is aborted or unsubscribed. */
  get signal(): AbortSignal {
    return this.toolContext.signal;
  }

  /** Whether an execution context is a chat tool call. */
  static isChatTool(ctx: ExecutionContext): boolean {
    return ctx.getType<string>() === CHAT_TOOL_CONTEXT_TYPE && registrations.has(ctx.getArgByIndex<object>(1));
  }

  /**
   * The tool call behind a guard's or interceptor's execution context, or `undefined` when the
   * context is not a chat tool call (an HTTP request, a message handler...).
   */
  static fromExecutionContext<C = unknown, A = unknown>(ctx: ExecutionContext): ChatToolContext<C, A> | undefined {
    if (ctx.getType<string>() !== CHAT_TOOL_CONTEXT_TYPE) return undefined;
    const toolContext = ctx.getArgByIndex<ToolContext<C>>(1);
    const registration = typeof toolContext === 'object' && toolContext !== null ? registrations.get(toolContext) : undefined;
    if (!registration) return undefined;
    return new ChatToolContext<C, A>(registration.tool, ctx.getArgByIndex<A | undefined>(0), toolContext, registration.phase);
  }

  /** @internal ties a tool context object to its tool and phase, for `fromExecutionContext`. */
  static register(toolContext: ToolContext, tool: ChatToolInfo, phase: ChatToolPhase): void {
    registrations.set(toolContext, { tool, phase });
  }
}
