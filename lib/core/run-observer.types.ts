import type { Observable } from 'rxjs';
import type { ChatError } from './chat.error';
import type { Cost } from './cost.types';
import type { ToolCallPart, ToolResultPart } from './content-part.types';
import type { EmbeddingRequest, EmbeddingResponse } from './embedding.types';
import type { FinishReason } from './finish-reason.types';
import type { Message, ResponseStatus } from './message.types';
import type { GenerationOptions, ProviderRequest } from './provider.types';
import type { ModelStreamEvent } from './stream-event.types';
import type { Usage } from './usage.types';

/** What an observer is told when a `complete()` / `stream()` run starts. */
export interface RunStartInfo {
  readonly mode: 'complete' | 'stream';
  /** The chat's provider id (`openai`, `claude`, `router`...). */
  readonly provider: string;
  readonly model: string;
  /** The per-call `context` (user, tenant...): what budgets are keyed by. */
  readonly context: unknown;
  /** The chat's generation options merged with the call's. */
  readonly options?: GenerationOptions;
}

/** One attempt of one model request, as an observer sees it. */
export interface ModelAttemptInfo {
  readonly mode: 'complete' | 'stream';
  /** 1-based model request of the run (repair requests included). */
  readonly step: number;
  /** 1-based attempt of this request (a retry increments it). */
  readonly attempt: number;
  /** A structured-output repair request. */
  readonly repair: boolean;
}

/** How a run ended, as an observer sees it. */
export interface RunEndInfo {
  /** `completed`, `paused`, or `interrupted` (error, abort, unsubscribe). */
  readonly status: ResponseStatus;
  /** Tokens of every model request of the run (as far as reported when it was cut). */
  readonly usage: Usage;
  /** What the run wrote to the conversation. */
  readonly messages: readonly Message[];
  readonly finishReason?: FinishReason;
  /** Why the run was interrupted. */
  readonly error?: ChatError;
}

/**
 * What observes one run. Every member is optional; the engine calls what is there.
 * Wrappers must call `send` / `execute` / `fn` (at most once) or fail in its place.
 */
export interface RunObservation {
  /** Runs the whole turn inside `fn`'s scope (e.g. an OpenTelemetry context, so tools see the run's span). */
  within?<R>(fn: () => R): R;
  /**
   * Wraps each attempt of each model request (inside the retry policy, after the before-request
   * hooks): may refuse it by failing before calling `send` (no request is sent), add events, or
   * watch its events and end.
   */
  modelCall?(request: ProviderRequest, info: ModelAttemptInfo, send: (request: ProviderRequest) => Observable<ModelStreamEvent>): Observable<ModelStreamEvent>;
  /** Wraps each tool execution (after validation and approval). `execute` never rejects. */
  tool?(call: ToolCallPart, execute: () => Promise<ToolResultPart>): Promise<ToolResultPart>;
  /** The run ended, however it ended (once). */
  end?(outcome: RunEndInfo): void;
  /** The run's cost so far, when this observer prices usage: put on `ChatResponse.cost` and the `finish` event. */
  cost?(): Cost | undefined;
}

/** One embedding batch attempt, as an observer sees it. */
export interface EmbeddingAttemptInfo {
  readonly provider: string;
  /** The embedding model when the call named one (else the provider's default, known from the response). */
  readonly model?: string;
  /** 0-based batch number. */
  readonly batch: number;
  /** 1-based attempt of the batch. */
  readonly attempt: number;
}

/**
 * Watches (and may refuse) what a chat does: runs, model requests, tool executions, embedding
 * batches. Telemetry (`chat-ts/otel`) and budgets are observers; add one with
 * `ChatBuilder.withObserver()`.
 *
 * @example
 * const logging: RunObserver = {
 *   startRun: (run) => ({ end: (outcome) => console.log(run.model, outcome.status, outcome.usage.totalTokens) }),
 * };
 */
export interface RunObserver {
  /** A run starts; what this returns observes it (nothing: the run is not observed). */
  startRun?(run: RunStartInfo): RunObservation | undefined | void;
  /** Wraps each embedding batch attempt. */
  embedding?(request: EmbeddingRequest, info: EmbeddingAttemptInfo, send: () => Promise<EmbeddingResponse>): Promise<EmbeddingResponse>;
}
