import { defer, type Observable } from 'rxjs';
import type { JsonValue } from '../../core/json.types';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { CapabilitiesWith } from '../../core/embedding-support.types';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { SseEvent } from '../../transport/sse.parser';
import type { TransportRequest } from '../../transport/transport.types';
import { applyQuirks } from '../shared/body.quirks';
import { withLeadingWarnings } from '../shared/leading-warnings';
import { HttpProviderKernel, withoutConnection, type CallOptions, type WithoutConnection } from '../shared/http-provider.kernel';
import type { ChatCompletionsConfig } from './completions-config.types';
import { mapEmbeddingRequest, mapEmbeddingResponse } from './completions-embeddings.mapper';
import { readCompletionsError } from './completions-error.reader';
import { mapRequest } from './completions-request.mapper';
import type { CompletionsRequestBody } from './completions-wire.types';
import { mapResponse, type ResponseMappingContext } from './completions-response.mapper';
import { CompletionsStreamMapper } from './completions-stream.mapper';
import type { TokenCount } from '../../core/token-count.types';
import type { ProviderBatches } from '../../core/batch.types';
import { batchHttp, openAIBatches } from '../shared/openai-batches.flow';
import { estimateTokens } from '../shared/token-estimate';

/** Each provider's response mapping context, made once (kept out of the instance: no field in its public shape). */
const mappingContexts = new WeakMap<object, ResponseMappingContext>();

/** Joins a base URL and a path with exactly one slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * A provider on the Chat Completions wire (`POST {baseUrl}/chat/completions`, `POST {baseUrl}/embeddings`):
 * OpenAI-compatible servers and the presets built on it (Ollama, DeepSeek, Cerebras, Hugging Face).
 * Constructed from a plain config, usually through {@link ChatCompletionsBuilder}.
 *
 * @example
 * const provider = new ChatCompletionsProvider({ baseUrl: 'http://localhost:8000/v1', model: 'qwen3' });
 * const answer = await provider.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] });
 */
export class ChatCompletionsProvider<E extends boolean = boolean> extends HttpProviderKernel implements ChatProvider {
  /** `embeddings` is true when the config has an `embeddingModel`; `E` says so to the compiler. */
  readonly capabilities: CapabilitiesWith<E>;
  readonly embeddingBatchSize: number;
  readonly embeddingBatchTokens?: number;
  /** The request-shaping settings: the config without its key and headers (those stay in the kernel's private fields). */
  protected readonly config: WithoutConnection<ChatCompletionsConfig>;

  constructor(config: ChatCompletionsConfig) {
    super({ ...config, id: config.id ?? 'completions', readError: readCompletionsError });
    this.config = withoutConnection(config);
    this.embeddingBatchSize = config.embeddingBatchSize ?? 2048;
    this.embeddingBatchTokens = config.embeddingBatchTokens;
    this.capabilities = {
      tools: true,
      structuredOutput: true,
      streaming: true,
      vision: true,
      nativeTools: [],
      ...config.capabilities,
      embeddings: config.embeddingModel !== undefined,
    } as CapabilitiesWith<E>;
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const warnings: string[] = [];
    const json = await this.sendJson<unknown>(this.httpRequest('chat/completions', this.chatBody(request, false, warnings), request));
    const response = this.guard(() => mapResponse(json, this.mappingContext()));
    return warnings.length > 0 ? { ...response, warnings: [...(response.warnings ?? []), ...warnings] } : response;
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    // Built on subscription: a mapping error (e.g. an unsupported file) arrives as the stream's error.
    return defer(() => {
      const warnings: string[] = [];
      const events = this.openStream<SseEvent, ModelStreamEvent>(
        this.httpRequest('chat/completions', this.chatBody(request, true, warnings), request, 'text/event-stream'),
        'sse',
        () => new CompletionsStreamMapper(this.mappingContext()),
        request.idleTimeout,
      );
      // What the request dialect changed, as `warning` events once the answer starts.
      return withLeadingWarnings(events, warnings);
    });
  }

  /**
   * A local estimate of the request's input tokens (the API has no counting endpoint): `js-tiktoken`
   * with the model's encoding when installed, else about 4 characters per token.
   */
  countTokens(request: ProviderRequest): Promise<TokenCount> {
    return estimateTokens(request, this.model);
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const model = request.model ?? this.config.embeddingModel;
    if (!model) {
      throw new UnsupportedFeatureError(`${this.id}: no embedding model configured (use withEmbeddings(model))`, { provider: this.id });
    }
    if (request.texts.length === 0) throw new InvalidRequestError(`${this.id}: nothing to embed (empty input)`, { provider: this.id });
    const json = await this.sendJson<unknown>(this.httpRequest('embeddings', mapEmbeddingRequest(model, request, this.config.embeddingDialect), request));
    return this.guard(() => mapEmbeddingResponse(json, this.id, model, request.texts.length));
  }

  /**
   * The OpenAI Batch API (JSONL file flow) against `/v1/chat/completions`: the requests are uploaded
   * as a `purpose=batch` file (`POST /files`), run by `POST /batches`, polled, cancelled, and read
   * back from the output and error files. Servers without it answer 404 (a typed error).
   */
  readonly batches: ProviderBatches = openAIBatches({
    provider: this.id,
    endpoint: '/v1/chat/completions',
    body: (request) => this.chatBody(request, false) as unknown as JsonValue,
    response: (body) => this.guard(() => mapResponse(body, this.mappingContext())),
    readError: readCompletionsError,
    ...batchHttp({
      provider: this.id,
      baseUrl: this.baseUrl,
      readError: readCompletionsError,
      request: (url, body, call, options) => this.transportRequest(url, body, call, options),
      sendJson: (request) => this.sendJson<unknown>(request),
      transport: () => this.transportOf(),
    }),
  });

  /** The chat request body: the family's mapping, then the preset's quirks. */
  protected chatBody(request: ProviderRequest, stream: boolean, warnings?: string[]): CompletionsRequestBody {
    const body = mapRequest(this.config, request, stream, warnings);
    return this.config.quirks ? applyQuirks(body, this.config.quirks, this.id) : body;
  }

  /** A request to `{baseUrl}/{path}` with the bearer key, configured headers, then per-call headers (printing them redacts the key). */
  protected httpRequest(path: string, body: unknown, options: CallOptions, accept = 'application/json'): TransportRequest {
    return this.transportRequest(joinUrl(this.baseUrl, path), body as JsonValue, options, { defaults: { accept } });
  }

  /** One context for every response and stream of this provider (its fields never change). */
  protected mappingContext(): ResponseMappingContext {
    let context = mappingContexts.get(this);
    if (!context) mappingContexts.set(this, (context = { provider: this.id, model: this.model, thinkTags: this.config.thinkTags }));
    return context;
  }
}
