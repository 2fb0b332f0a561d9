import type { Clock } from '../core/clock.types';
import type { JsonValue } from '../core/json.types';
import type { Message, ResponseMetadata, ResponseStatus } from '../core/message.types';
import type { FinishReason } from '../core/finish-reason.types';
import type { GenerationOptions, RequestOptions } from '../core/provider.types';
import type { ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { Usage } from '../core/usage.types';
import type { ToolChoice, ToolDefinition } from '../core/tool.types';
import type { Messages } from '../core/messages';

/** Per-call options of `complete()` / `stream()`. */
export interface CallOptions<C = unknown> extends RequestOptions {
  /** Caller data for tools (user, tenant, request); tools receive it in `ToolContext.context`. */
  readonly context?: C;
  /** Overrides the chat's generation options for this call. */
  readonly options?: GenerationOptions;
  /** Merged into the provider's wire request body. */
  readonly providerOptions?: { readonly [key: string]: JsonValue };
  readonly toolChoice?: ToolChoice;
}

/** What an approval strategy decides for one tool call. */
export type ApprovalDecision =
  | { readonly action: 'execute' }
  | { readonly action: 'require-approval' }
  | { readonly action: 'defer'; readonly until: number }
  | { readonly action: 'reject'; readonly reason: string };

/** Decides per call whether a tool runs now, waits for a person, waits until a time, or is refused. */
export type ApprovalStrategy<C = unknown> = (
  call: ToolCallPart,
  tool: ToolDefinition,
  context: { readonly context: C; readonly messages: readonly Message[] },
) => ApprovalDecision | Promise<ApprovalDecision>;

/** The result of `complete()`. `T` is the structured-output type (`string` without one). */
export interface ChatResponse<T = string> {
  readonly status: ResponseStatus;
  /** The final assistant text. */
  readonly text: string;
  /** Structured output (a validated class instance) or the text. */
  readonly output: T;
  /** The last assistant message. */
  readonly message: Message;
  /** Every message this call appended (assistant turns and tool results). */
  readonly messages: readonly Message[];
  readonly usage: Usage;
  readonly finishReason: FinishReason;
  readonly metadata: ResponseMetadata;
  /** Tool calls waiting for approval when `status` is `paused`. */
  readonly pendingToolCalls: readonly ToolCallPart[];
  /** Every tool result produced during this call. */
  readonly toolResults: readonly ToolResultPart[];
}

/** Chat-wide settings a builder collects. */
export interface ChatSettings {
  readonly systemPrompt?: string;
  readonly options?: GenerationOptions;
  readonly tools?: readonly ToolDefinition[];
  /** Max model requests in one call's tool loop (default 10). */
  readonly maxSteps?: number;
  /** Max tool calls of one turn running at once (default 4). */
  readonly toolConcurrency?: number;
  /** Extra attempts to repair invalid structured output (default 2). */
  readonly repairAttempts?: number;
  readonly approval?: ApprovalStrategy;
  readonly clock?: Clock;
}

/** A conversation given to `complete()`/`stream()`: a `Messages` (appended to) or a plain array (copied). */
export type ConversationInput = Messages | readonly Message[] | string;
