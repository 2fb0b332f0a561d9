import type { ContentPart, ToolCallPart, ToolResultPart } from './content-part.types';
import type { FinishReason } from './finish-reason.types';
import type { JsonValue } from './json.types';
import type { Message, ResponseMetadata, ResponseStatus } from './message.types';
import type { Usage } from './usage.types';
import type { Cost } from './cost.types';
import type { ChatError } from './chat.error';
import type { ProviderResponse } from './provider.types';

/** A piece of answer text. */
export interface TextDeltaEvent {
  readonly type: 'text-delta';
  readonly delta: string;
}

/** A piece of reasoning text (thinking, reasoning summary). */
export interface ReasoningDeltaEvent {
  readonly type: 'reasoning-delta';
  readonly delta: string;
}

/** The model started a tool call. */
export interface ToolCallStartEvent {
  readonly type: 'tool-call-start';
  readonly id: string;
  readonly name: string;
}

/** A piece of a tool call's JSON arguments, as the model writes them. */
export interface ToolCallDeltaEvent {
  readonly type: 'tool-call-delta';
  readonly id: string;
  readonly delta: string;
}

/** A tool call is complete: its arguments are parsed. */
export interface ToolCallEndEvent {
  readonly type: 'tool-call-end';
  readonly call: ToolCallPart;
}

/** A tool ran (or failed, or was rejected): its result as the model will see it. */
export interface ToolResultEvent {
  readonly type: 'tool-result';
  readonly result: ToolResultPart;
}

/**
 * A running tool reported progress (`context.reportProgress()`, or an MCP server's
 * `notifications/progress`). Always before that call's `tool-result`; not part of the answer.
 */
export interface ToolProgressEvent {
  readonly type: 'tool-progress';
  /** Id of the tool call that reports. */
  readonly callId: string;
  /** Name of the tool, as the model calls it. */
  readonly name: string;
  readonly progress: number;
  /** The value `progress` reaches at the end, when the tool knows it. */
  readonly total?: number;
  readonly message?: string;
}

/** A partial image from image generation (base64). */
export interface PartialImageEvent {
  readonly type: 'partial-image';
  readonly index: number;
  readonly data: string;
  readonly mediaType: string;
}

/** Structured output: the object parsed so far from the JSON being written. */
export interface PartialOutputEvent {
  readonly type: 'partial-output';
  readonly partial: JsonValue;
}

/** Token usage, as reported (possibly several times while streaming). */
export interface UsageEvent {
  readonly type: 'usage';
  readonly usage: Usage;
}

/** One model request finished (a turn may hold several: tool loop). */
export interface StepFinishEvent {
  readonly type: 'step-finish';
  readonly response: ProviderResponse;
}

/** The turn finished. Always the last event of a successful stream. */
export interface FinishEvent<T = unknown> {
  readonly type: 'finish';
  readonly status: ResponseStatus;
  readonly finishReason: FinishReason;
  readonly usage: Usage;
  readonly metadata?: ResponseMetadata;
  /** The last assistant message of the turn. */
  readonly message: Message;
  /** Every message the turn appended (assistant steps and tool results), in order. */
  readonly messages?: readonly Message[];
  /** Validated structured output, when the chat has one. */
  readonly output?: T;
  /** What the turn cost, when a `usageMeter({ prices })` observer prices it. */
  readonly cost?: Cost;
}

/** The turn paused: these tool calls wait for approval (or for `resumeAt`). Followed by `finish`. */
export interface PausedEvent {
  readonly type: 'paused';
  readonly pending: readonly ToolCallPart[];
  /** Epoch ms at which deferred calls may resume, if any were deferred. */
  readonly resumeAt?: number;
}

/** A non-fatal problem (e.g. an unsupported setting was ignored). Fatal errors end the Observable instead. */
export interface WarningEvent {
  readonly type: 'warning';
  readonly message: string;
}

/**
 * A model request failed and will be sent again (the chat's retry policy): what failed, and how
 * long the wait before the next attempt is. Only emitted before anything of the request reached
 * the stream, so nothing of the answer is repeated. Not part of the answer: the stream goes on.
 * Fatal errors end the Observable with `error` instead.
 */
export interface ErrorEvent {
  readonly type: 'error';
  readonly error: ChatError;
  /** The attempt that failed (1 = the first request). */
  readonly attempt: number;
  /** The wait before the next attempt, ms (the backoff, or the server's `Retry-After`). */
  readonly delayMs: number;
}

/** The router moved the turn to another provider. */
export interface ProviderFallbackEvent {
  readonly type: 'provider-fallback';
  readonly from: string;
  readonly to: string;
  readonly error: ChatError;
  /** `restart`: the turn starts over; `resume`: continues after the text already delivered. */
  readonly mode: 'restart' | 'resume';
}

/** Input streaming: pushed user input was accepted. */
export interface InputAcceptedEvent {
  readonly type: 'input-accepted';
  readonly parts: readonly ContentPart[];
}

/** Input streaming: the running generation was cut to take new input. */
export interface GenerationInterruptedEvent {
  readonly type: 'generation-interrupted';
  readonly partialText: string;
}

/** Input streaming: generation restarted with the new input merged. */
export interface GenerationRestartedEvent {
  readonly type: 'generation-restarted';
}

/**
 * Events of one model request; the last one is `step-finish`. Only the router emits
 * `provider-fallback`; only the chat's retry policy emits `error` (a provider never does).
 */
export type ModelStreamEvent =
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ToolCallStartEvent
  | ToolCallDeltaEvent
  | ToolCallEndEvent
  | PartialImageEvent
  | UsageEvent
  | WarningEvent
  | ErrorEvent
  | ProviderFallbackEvent
  | StepFinishEvent;

/**
 * Everything `chat.stream()` can emit, discriminated by `type`.
 * A successful stream ends with exactly one `finish`; a failed one errors with a `ChatError`.
 */
export type StreamEvent<T = unknown> =
  | ModelStreamEvent
  | ToolResultEvent
  | ToolProgressEvent
  | PartialOutputEvent
  | PausedEvent
  | InputAcceptedEvent
  | GenerationInterruptedEvent
  | GenerationRestartedEvent
  | FinishEvent<T>;

/** The `type` tags of {@link StreamEvent}. */
export type StreamEventType = StreamEvent['type'];
