import { defer, type Observable } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { JsonObject } from '../../core/json.types';
import type { CapabilitiesWith } from '../../core/embedding-support.types';
import type { ChatProvider, GenerationOptions, ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import type { NativeTool } from '../../core/tool.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import type { SseEvent } from '../../transport/sse.parser';
import type { Transport, TransportRequest } from '../../transport/transport.types';
import { HttpProviderKernel, withoutConnection, type CredentialStyle, type WithoutConnection } from '../shared/http-provider.kernel';
import { fromGeminiEmbeddings, geminiModelPath, toBatchEmbedRequest, toEmbedContentRequest } from './gemini-embedding.mapper';
import { geminiErrorFromResponse, readGeminiError } from './gemini-error.reader';
import { geminiRestorer, type GeminiRestorer } from './gemini-output.restorer';
import { geminiSchemaDialect, toGeminiRequest, type GeminiThinkingOptions } from './gemini-request.mapper';
import { fromGeminiResponse } from './gemini-response.mapper';
import type { GeminiSchemaDialect } from './gemini-schema.adapter';
import { GeminiStreamMapper } from './gemini-stream.mapper';
import { GEMINI_NATIVE_TOOLS } from './gemini-tools.mapper';
import type { GeminiEmbedResponse, GeminiGenerateResponse } from './gemini-wire.types';
import { GEMINI_DEFAULT_BASE_URL, GEMINI_EMBEDDING_BATCH_SIZE, GEMINI_PROVIDER_ID } from './gemini.constants';
import type { TokenCount } from '../../core/token-count.types';
import type { ProviderBatches } from '../../core/batch.types';
import { fromGeminiBatch, fromGeminiBatchResults, toGeminiBatchBody } from './gemini-batches.mapper';
import { InvalidResponseError } from '../../errors/invalid-response.error';

/** Default embedding model when none was chosen with `withEmbeddings()`. */
export const GEMINI_DEFAULT_EMBEDDING_MODEL = 'gemini-embedding-001';
/** The key travels in the `x-goog-api-key` header, never in a URL; configured headers cannot replace it. */
const GEMINI_CREDENTIAL: CredentialStyle = { header: 'x-goog-api-key' };

/** Everything a {@link GeminiProvider} needs; `GeminiBuilder` fills it, or construct it yourself (e.g. in a NestJS factory). */
export interface GeminiProviderConfig {
  readonly apiKey: string;
  readonly model: string;
  /** Default `https://generativelanguage.googleapis.com/v1beta`. */
  readonly baseUrl?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly transport?: Transport;
  /** Stream idle timeout in ms. */
  readonly idleTimeout?: number;
  /** Whole-request timeout in ms (default 10 minutes; `0` for none): `complete()`/`embed()`, and a stream until its headers arrive. A call's `timeout` option wins. */
  readonly timeout?: number;
  readonly clock?: Clock;
  /** Google Search, code execution, Google Maps, URL context. */
  readonly nativeTools?: readonly NativeTool[];
  /** Model of `embed()`; default `gemini-embedding-001`. */
  readonly embeddingModel?: string;
  readonly schemaDialect?: GeminiSchemaDialect;
  readonly thinking?: GeminiThinkingOptions;
  readonly generation?: GenerationOptions;
  readonly safetySettings?: readonly JsonObject[];
  /** Gemini 3: stream function call arguments in pieces (`partialArgs`). */
  readonly streamFunctionCallArguments?: boolean;
}

/**
 * The Gemini API (`generateContent`, `streamGenerateContent?alt=sse`, `embedContent`,
 * `batchEmbedContents`). The API key travels in the `x-goog-api-key` header, never in a URL.
 *
 * @example
 * const gemini = new GeminiProvider({ apiKey: process.env.GEMINI_API_KEY!, model: 'gemini-2.5-flash' });
 * const answer = await gemini.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] });
 */
export class GeminiProvider extends HttpProviderKernel implements ChatProvider {
  declare readonly id: typeof GEMINI_PROVIDER_ID;
  /** Always embeds (default model `gemini-embedding-001`, or the one given to `withEmbeddings()`). */
  readonly capabilities: CapabilitiesWith<true>;
  readonly embeddingBatchSize = GEMINI_EMBEDDING_BATCH_SIZE;
  readonly #config: WithoutConnection<GeminiProviderConfig>;

  constructor(config: GeminiProviderConfig) {
    super({
      ...config,
      id: GEMINI_PROVIDER_ID,
      baseUrl: (config.baseUrl ?? GEMINI_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      credential: GEMINI_CREDENTIAL,
      readError: readGeminiError,
      mapError: geminiErrorFromResponse,
    });
    this.#config = withoutConnection(config);
    this.capabilities = {
      tools: true,
      structuredOutput: true,
      streaming: true,
      embeddings: true,
      vision: true,
      nativeTools: GEMINI_NATIVE_TOOLS,
    };
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const body = this.body(request);
    const response = await this.sendJson<GeminiGenerateResponse>(this.modelRequest(request, ':generateContent', body));
    return fromGeminiResponse(response, this.model, this.restorer(request));
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return defer(() =>
      this.openStream<SseEvent, ModelStreamEvent>(
        this.modelRequest(request, ':streamGenerateContent?alt=sse', this.body(request)),
        'sse',
        () => new GeminiStreamMapper(this.model, this.restorer(request)),
        request.idleTimeout,
      ),
    );
  }

  /**
   * Gemini batch mode with inlined requests: `:batchGenerateContent`, `GET batches/<id>`,
   * `batches/<id>:cancel`; results come inlined in the ended batch. `chat.batch()` drives it.
   */
  readonly batches: ProviderBatches = {
    submit: async (items, call = {}) => {
      const body = toGeminiBatchBody(items, geminiModelPath(this.model), (item) => this.body(item.request));
      return fromGeminiBatch(await this.sendJson<unknown>(this.transportRequest(`${this.baseUrl}/${geminiModelPath(this.model)}:batchGenerateContent`, body, call)));
    },
    get: async (id, call = {}) => fromGeminiBatch(await this.sendJson<unknown>(this.transportRequest(`${this.baseUrl}/${id}`, undefined, call, { method: 'GET' }))),
    cancel: async (id, call = {}) => {
      await this.sendJson<unknown>(this.transportRequest(`${this.baseUrl}/${id}:cancel`, {}, call));
      return this.batches.get(id, call);
    },
    results: async (id, call = {}) => fromGeminiBatchResults(await this.sendJson<unknown>(this.transportRequest(`${this.baseUrl}/${id}`, undefined, call, { method: 'GET' })), this.model),
  };

  /** Counts the request's input tokens exactly with `POST /models/<model>:countTokens` (system instruction and tools included). */
  async countTokens(request: ProviderRequest): Promise<TokenCount> {
    const body: JsonObject = { generateContentRequest: { model: geminiModelPath(this.model), ...this.body(request) } };
    const counted = await this.sendJson<{ totalTokens?: unknown }>(this.modelRequest(request, ':countTokens', body));
    if (typeof counted.totalTokens !== 'number') throw new InvalidResponseError('gemini countTokens answered without totalTokens', { provider: GEMINI_PROVIDER_ID });
    return { inputTokens: counted.totalTokens, exact: true, source: 'provider', model: this.model };
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const count = request.texts.length;
    if (count === 0) throw new InvalidRequestError('gemini embed() needs at least one text', { provider: GEMINI_PROVIDER_ID });
    if (count > GEMINI_EMBEDDING_BATCH_SIZE) {
      throw new InvalidRequestError(`gemini embeds at most ${GEMINI_EMBEDDING_BATCH_SIZE} texts per request (got ${count})`, {
        provider: GEMINI_PROVIDER_ID,
      });
    }
    const model = request.model ?? this.#config.embeddingModel ?? GEMINI_DEFAULT_EMBEDDING_MODEL;
    const single = count === 1;
    const body = single ? toEmbedContentRequest(request.texts[0], request, model) : toBatchEmbedRequest(request, model);
    const url = `${this.baseUrl}/${geminiModelPath(model)}:${single ? 'embedContent' : 'batchEmbedContents'}`;
    const response = await this.sendJson<GeminiEmbedResponse>(this.transportRequest(url, body, request));
    return fromGeminiEmbeddings(response, count, model);
  }

  private body(request: ProviderRequest): JsonObject {
    const config = this.#config;
    return toGeminiRequest(request, {
      model: this.model,
      nativeTools: config.nativeTools ?? [],
      schemaDialect: config.schemaDialect,
      thinking: config.thinking,
      generation: config.generation,
      safetySettings: config.safetySettings,
      streamFunctionCallArguments: config.streamFunctionCallArguments,
    });
  }

  private restorer(request: ProviderRequest): GeminiRestorer | undefined {
    return geminiRestorer(request, geminiSchemaDialect({ model: this.model, schemaDialect: this.#config.schemaDialect }));
  }

  private modelRequest(request: ProviderRequest, method: string, body: JsonObject): TransportRequest {
    return this.transportRequest(`${this.baseUrl}/${geminiModelPath(this.model)}${method}`, body, request);
  }
}
