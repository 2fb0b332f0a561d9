import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { ResponsesConfig } from '../responses/responses-config.types';
import { ResponsesProvider } from '../responses/responses.provider';
import { buildEmbeddingsRequest, mapEmbeddingsResponse, type OpenAIEmbeddingSettings } from './openai-embeddings.mapper';

/** Config of an {@link OpenAIProvider}: a Responses config plus optional embeddings. */
export interface OpenAIConfig extends ResponsesConfig {
  readonly embeddings?: OpenAIEmbeddingSettings;
}

/** Max inputs of one `/embeddings` request. */
export const OPENAI_EMBEDDING_BATCH_SIZE = 2048;
/** Max tokens of one `/embeddings` request (all inputs together). */
export const OPENAI_EMBEDDING_BATCH_TOKENS = 300_000;

/**
 * OpenAI: the Responses API (`POST /v1/responses`) plus embeddings (`POST /v1/embeddings`).
 * Usually built with `OpenAIBuilder`; constructible from a plain {@link OpenAIConfig} for injection.
 */
export class OpenAIProvider<E extends boolean = boolean> extends ResponsesProvider<E> {
  readonly embeddingBatchSize = OPENAI_EMBEDDING_BATCH_SIZE;
  readonly embeddingBatchTokens = OPENAI_EMBEDDING_BATCH_TOKENS;

  readonly #embeddings?: OpenAIEmbeddingSettings;

  constructor(config: OpenAIConfig) {
    super(config);
    this.#embeddings = config.embeddings;
    // `capabilities.embeddings` (and `E`, for the compiler) is true exactly when an embedding model is configured.
    if (config.embeddings) (this.capabilities as { embeddings: boolean }).embeddings = true;
  }

  /** One embedding batch. Float or base64 on the wire; `Float32Array` vectors in input order. */
  override async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const settings = this.#embeddings;
    if (!settings) {
      throw new UnsupportedFeatureError(`${this.id}: no embedding model; call withEmbeddings(model) on the builder`, { provider: this.id });
    }
    if (request.texts.length === 0) throw new InvalidRequestError(`${this.id}: nothing to embed (empty input)`, { provider: this.id });
    const body = buildEmbeddingsRequest(request, settings);
    const json = await this.sendJson<unknown>(this.transportRequest(`${this.baseUrl}/embeddings`, body, request));
    return mapEmbeddingsResponse(json, request.texts.length, this.id, String(body.model));
  }
}
