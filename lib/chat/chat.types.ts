import type { Clock } from '../core/clock.types';
import type { JsonValue } from '../core/json.types';
import type { Message, ResponseMetadata, ResponseStatus } from '../core/message.types';
import type { FinishReason } from '../core/finish-reason.types';
import type { GenerationOptions, RequestOptions } from '../core/provider.types';
import type { ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { Usage } from '../core/usage.types';
import type { Cost } from '../core/cost.types';
import type { ToolChoice, ToolDefinition } from '../core/tool.types';
import type { Messages } from '../core/messages';
import type { ChatError } from '../errors/chat.error';
import type { ToolErrorPolicy } from './tool-error.policy';

/** Per-call options of `complete()` / `stream()`. */
export interface CallOptions<C = unknown> extends RequestOptions {
  /** Caller data for tools (user, tenant, request); tools receive it in `ToolContext.context`. */
  readonly context?: C;
  /** Overrides the chat's generation options for this call. */
  readonly options?: GenerationOptions;
  /** Merged into the provider's wire request body. */
  readonly providerOptions?: { readonly [key: string]: JsonValue };
  /**
   * Which tools the model may call. `required` and `{ name }` apply to the first model request of
   * the call only (later steps use `auto`), else the loop could never end.
   */
  readonly toolChoice?: ToolChoice;
  /** Called once when the call ends, however it ends (also when a stream is unsubscribed). */
  readonly onFinish?: FinishCallback;
}

/** What an `onFinish` callback receives. */
export interface FinishInfo {
  /** `completed`, `paused`, or `interrupted` (error, abort, unsubscribe). */
  readonly status: ResponseStatus;
  /** Tokens spent by the call so far (every step, the cut one included as far as it was reported). */
  readonly usage: Usage;
  /** What the call wrote to the conversation. */
  readonly messages: readonly Message[];
  readonly finishReason?: FinishReason;
  /** Why the call was interrupted. */
  readonly error?: ChatError;
}

/** See {@link FinishInfo}. A callback that throws fails a successful call with a `CallbackError`. */
export type FinishCallback = (info: FinishInfo) => void | Promise<void>;

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
  /**
   * Structured output (a validated class instance) or the text. Only meaningful when `status` is
   * `completed`: a paused structured-output call has no output yet (the value is `undefined`).
   */
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
  /** When `paused` on deferred calls: the earliest epoch ms at which calling again can run them. */
  readonly resumeAt?: number;
  /** Every tool result produced during this call. */
  readonly toolResults: readonly ToolResultPart[];
  /**
   * Non-fatal problems of this call, when there were any (the `warning` events a stream emits):
   * e.g. an approved call whose seal did not verify in this process (set `withApprovalSecret()` or
   * `CHAT_TS_APPROVAL_SECRET` in every process that resumes saved conversations), or a setting the
   * provider ignored.
   */
  readonly warnings?: readonly string[];
  /** What the call cost, when a `usageMeter({ prices })` observer prices it (each request by the model that answered). */
  readonly cost?: Cost;
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
  /**
   * Key of the seals the engine puts on calls it holds for approval. Give every process that
   * resumes saved conversations the same secret (or set `CHAT_TS_APPROVAL_SECRET`); without one,
   * each process has its own random key, so a conversation paused in another process asks for its
   * approvals again (it never runs them unverified) and says so with a `warning` event (and
   * `ChatResponse.warnings`).
   */
  readonly approvalSecret?: string;
  readonly clock?: Clock;
  /** Called once at the end of every call. */
  readonly onFinish?: FinishCallback;
  /** Max embedding batches in flight at once (default 4). */
  readonly embeddingConcurrency?: number;
  /** What the model is told when a tool throws (default: the error's message only, never a stack). */
  readonly toolErrors?: ToolErrorPolicy;
}

/** A conversation given to `complete()`/`stream()`: a `Messages` (appended to) or a plain array (copied). */
export type ConversationInput = Messages | readonly Message[] | string;
