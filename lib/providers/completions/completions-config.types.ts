import type { Clock } from '../../core/clock.types';
import type { JsonValue } from '../../core/json.types';
import type { ProviderCapabilities } from '../../core/provider.types';
import type { Transport } from '../../transport/transport.types';
import type { CompletionsRequestDialect } from './completions-request.dialect';
import type { BodyQuirk } from '../shared/body.quirks';
import type { ErrorResponseMapper } from '../shared/http-provider.kernel';

/** How structured output (`request.responseFormat`) is asked for. */
export type StructuredOutputMode =
  /** `response_format: {type: 'json_schema', json_schema: {...}}` (OpenAI, most servers). */
  | 'json_schema'
  /** `response_format: {type: 'json_object'}` plus the schema in the system prompt (older servers). */
  | 'json_object'
  /** Ollama's `format: <schema>` field. */
  | 'ollama-format';

/**
 * How a server's `POST /embeddings` spells its options.
 * - `openai` (default): `dimensions`, `encoding_format` (`float` | `base64`).
 * - `mistral`: `output_dimension`, `encoding_format`; vectors stay float32 (`output_dtype` is not sent).
 */
export type EmbeddingDialect = 'openai' | 'mistral';

/** Embedding settings given to a builder's `withEmbeddings(model, options)`. */
export interface CompletionsEmbeddingOptions {
  /** How the options are spelled on the wire (default `openai`; the Mistral preset uses `mistral`). */
  readonly dialect?: EmbeddingDialect;
  /** Max texts per request (default 2048, the OpenAI limit). */
  readonly batchSize?: number;
  /** Max tokens per request, all inputs together (default: no cap; the engine estimates tokens high). */
  readonly batchTokens?: number;
}

/**
 * Everything a {@link ChatCompletionsProvider} needs: a plain object, so the provider can be
 * constructed directly (e.g. by a DI container) as well as through a builder.
 */
export interface ChatCompletionsConfig {
  /** Provider id in responses and errors (default `completions`; presets use their own). */
  readonly id?: string;
  /** Base URL ending before `/chat/completions`, e.g. `https://api.deepseek.com/v1`. */
  readonly baseUrl: string;
  /** Default chat model. */
  readonly model: string;
  /** Bearer token; omitted for servers that need none (Ollama). */
  readonly apiKey?: string;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default: the shared {@link defaultTransport}. */
  readonly transport?: Transport;
  /** Stream idle timeout in ms (default 60 s). */
  readonly idleTimeout?: number;
  /** Whole-request timeout in ms (default 10 minutes; `0` for none): `complete()`/`embed()`, and a stream until its headers arrive. A call's `timeout` option wins. */
  readonly timeout?: number;
  readonly clock?: Clock;
  /** OpenAI strict mode for function schemas and `json_schema` output. */
  readonly strictSchemas?: boolean;
  /** Default `json_schema`. */
  readonly structuredOutput?: StructuredOutputMode;
  /** Send `max_completion_tokens` instead of `max_tokens` (OpenAI reasoning models). */
  readonly maxCompletionTokens?: boolean;
  /** Ask for a final usage chunk with `stream_options.include_usage` (default true). */
  readonly streamUsage?: boolean;
  /** How the server's request schema differs from OpenAI's (default `openai`; the Mistral preset sets `mistral`). */
  readonly requestDialect?: CompletionsRequestDialect;
  /**
   * Fields sent in every chat body that the family does not map (e.g. OpenRouter's `provider`
   * routing, `models` fallbacks, `usage`): under the mapped fields and a request's `providerOptions`.
   */
  readonly bodyDefaults?: Readonly<Record<string, JsonValue>>;
  /** Split `<think>…</think>` text out of the content into reasoning (DeepSeek-R1 style servers). */
  readonly thinkTags?: boolean;
  /** Send this provider's own reasoning of tool-calling turns back as `reasoning_content` (DeepSeek thinking mode requires it). */
  readonly replayReasoning?: boolean;
  /** Embedding model for `embed()`; without it `embed()` throws `UnsupportedFeatureError`. */
  readonly embeddingModel?: string;
  /** Max texts per embeddings request (default 2048). */
  readonly embeddingBatchSize?: number;
  /** Max tokens per embeddings request, all inputs together (default: no cap). */
  readonly embeddingBatchTokens?: number;
  /** How `POST /embeddings` options are spelled (default `openai`). */
  readonly embeddingDialect?: EmbeddingDialect;
  /** Overrides of the advertised capabilities (`embeddings` follows `embeddingModel`). */
  readonly capabilities?: Partial<Omit<ProviderCapabilities, 'embeddings'>>;
  /** What the server does differently from the wire family (fields dropped, renamed, restricted), applied to every chat body. */
  readonly quirks?: readonly BodyQuirk[];
  /** Maps error responses itself instead of the OpenAI error-body reader (Azure reads its content-filter results this way). */
  readonly mapError?: ErrorResponseMapper;
}
