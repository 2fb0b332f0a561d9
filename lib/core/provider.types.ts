import type { TokenCount } from './token-count.types';
import type { ProviderBatches } from './batch.types';
import type { Observable } from 'rxjs';
import type { ContentPart } from './content-part.types';
import type { EmbeddingRequest, EmbeddingResponse } from './embedding.types';
import type { FinishReason } from './finish-reason.types';
import type { JsonSchema, JsonValue } from './json.types';
import type { Message, ResponseMetadata } from './message.types';
import type { ModelStreamEvent } from './stream-event.types';
import type { NativeTool, NativeToolKind, ToolChoice } from './tool.types';
import type { Usage } from './usage.types';

/** Sampling and length options, shared by every provider. */
export interface GenerationOptions {
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
  /** Reasoning effort / thinking budget hint, where supported. */
  readonly reasoning?: { readonly effort?: 'minimal' | 'low' | 'medium' | 'high'; readonly budgetTokens?: number };
}

/** A tool as the model sees it: name, description, canonical JSON Schema. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
}

/** Structured output request: the canonical JSON Schema of the expected object. */
export interface ResponseFormat {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly description?: string;
}

/** Per-request transport options. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Whole-request timeout in ms. */
  readonly timeout?: number;
  /** Stream idle timeout in ms: no bytes for this long ends the stream with a `TimeoutError`. */
  readonly idleTimeout?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One model request, provider-neutral. */
export interface ProviderRequest extends RequestOptions {
  readonly messages: readonly Message[];
  readonly system?: string;
  readonly tools?: readonly ToolSpec[];
  readonly nativeTools?: readonly NativeTool[];
  readonly toolChoice?: ToolChoice;
  readonly responseFormat?: ResponseFormat;
  readonly options?: GenerationOptions;
  /** Escape hatch: merged into the wire request body, per provider. */
  readonly providerOptions?: { readonly [key: string]: JsonValue };
  /** Response id of the previous turn, for providers with server-side state (Responses API). */
  readonly previousResponseId?: string;
}

/** One model answer, provider-neutral. */
export interface ProviderResponse {
  readonly parts: ContentPart[];
  readonly usage: Usage;
  readonly finishReason: FinishReason;
  readonly metadata: ResponseMetadata;
  /**
   * Non-fatal notes of a `complete()` answer (e.g. a setting the provider had to drop). A `stream()`
   * emits `warning` events instead; the engine puts both in `ChatResponse.warnings`.
   */
  readonly warnings?: readonly string[];
}

/** What a provider can do; the router and the engine read it. */
export interface ProviderCapabilities {
  readonly tools: boolean;
  readonly structuredOutput: boolean;
  readonly streaming: boolean;
  readonly embeddings: boolean;
  readonly vision: boolean;
  readonly nativeTools: readonly NativeToolKind[];
}

/**
 * A model provider. Providers are thin: they map the neutral request to their wire and back.
 * The engine (`Chat`) adds tools, structured output, retries and human in the loop on top.
 */
export interface ChatProvider {
  /** Provider id, e.g. `claude`, `gemini`, `openai`, `completions`, `ollama`. */
  readonly id: string;
  /** Default chat model. */
  readonly model: string;
  readonly capabilities: ProviderCapabilities;
  /** One model request, answered whole. */
  complete(request: ProviderRequest): Promise<ProviderResponse>;
  /** One model request, streamed; cold, unsubscribing aborts the request. Ends with `step-finish`. */
  stream(request: ProviderRequest): Observable<ModelStreamEvent>;
  /** One embedding request (one batch); providers without embeddings throw `UnsupportedFeatureError`. */
  embed(request: EmbeddingRequest): Promise<EmbeddingResponse>;
  /** Max texts per embedding request, for batching. */
  readonly embeddingBatchSize?: number;
  /** Max tokens per embedding request (the engine estimates them high), for batching. */
  readonly embeddingBatchTokens?: number;
  /** Releases sockets, processes or models held by the provider. */
  dispose?(): Promise<void>;
  /**
   * Counts the input tokens of a request (messages, system prompt, tools) without running it: exactly
   * where the provider has an endpoint, else a local estimate. `chat.countTokens()` calls it.
   */
  countTokens?(request: ProviderRequest): Promise<TokenCount>;
  /** The provider's batch API, where it has one; `chat.batch()` uses it. */
  readonly batches?: ProviderBatches;
}
