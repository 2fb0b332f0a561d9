import { defer, type Observable } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { CapabilitiesWith } from '../../core/embedding-support.types';
import type { JsonObject } from '../../core/json.types';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { SseEvent } from '../../transport/sse.parser';
import type { TransportRequest } from '../../transport/transport.types';
import type { ResolvedConnection } from '../shared/http-provider-builder.base';
import type { CallOptions } from '../shared/http-provider.kernel';
import { mapCohereError, readCohereError } from './cohere-error.mapper';
import { withLeadingWarnings } from '../shared/leading-warnings';
import { HttpProviderKernel } from '../shared/http-provider.kernel';
import { COHERE_EMBEDDING_BATCH_SIZE, cohereEmbeddingBody, fromCohereEmbeddings } from './cohere-embedding.mapper';
import { COHERE_PROVIDER_ID, toCohereRequest } from './cohere-request.mapper';
import { fromCohereResponse } from './cohere-response.mapper';
import { CohereStreamMapper } from './cohere-stream.mapper';

/** Everything a {@link CohereProvider} needs: a connection (key, headers, transport, timeouts) and the models; `CohereBuilder` fills it. */
export interface CohereProviderConfig extends Partial<ResolvedConnection> {
  readonly model: string;
  /** `https://api.cohere.com` by default (requests go to `<baseUrl>/v2/chat` and `/v2/embed`). */
  readonly baseUrl: string;
  /** Embedding model for `embed()`, e.g. `embed-v4.0`. */
  readonly embeddingModel?: string;
}

/**
 * Cohere on its native v2 API: `POST /v2/chat` (whole and streamed; thinking, tool plans, tool
 * calls, citations, cached-token usage) and `POST /v2/embed`. Built on the provider kernel; for
 * Cohere's OpenAI-compatible endpoint use `new PresetBuilder('cohere')` instead.
 *
 * @example
 * const cohere = new CohereBuilder().withModel('command-a-03-2025').withEmbeddings('embed-v4.0').build(); // CO_API_KEY
 */
export class CohereProvider<E extends boolean = boolean> extends HttpProviderKernel implements ChatProvider {
  readonly capabilities: CapabilitiesWith<E>;
  readonly embeddingBatchSize = COHERE_EMBEDDING_BATCH_SIZE;
  readonly #embeddingModel?: string;

  constructor(config: CohereProviderConfig) {
    super({ ...config, id: COHERE_PROVIDER_ID, baseUrl: config.baseUrl.replace(/\/+$/, ''), readError: readCohereError, mapError: mapCohereError });
    this.#embeddingModel = config.embeddingModel;
    this.capabilities = { tools: true, structuredOutput: true, streaming: true, vision: true, nativeTools: [], embeddings: (config.embeddingModel !== undefined) as E };
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const mapped = toCohereRequest(request, this.model, false);
    const json = await this.sendJson<unknown>(this.post('chat', mapped.body, request));
    const response = this.guard(() => fromCohereResponse(json, this.model));
    return mapped.warnings.length > 0 ? { ...response, warnings: [...(response.warnings ?? []), ...mapped.warnings] } : response;
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return defer(() => {
      const mapped = toCohereRequest(request, this.model, true);
      const events = this.openStream<SseEvent, ModelStreamEvent>(this.post('chat', mapped.body, request, 'text/event-stream'), 'sse', () => new CohereStreamMapper(this.model), request.idleTimeout);
      return withLeadingWarnings(events, mapped.warnings);
    });
  }

  /** Float vectors through `POST /v2/embed` (up to 96 texts a request; the engine batches). */
  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const model = request.model ?? this.#embeddingModel;
    if (!model) throw new UnsupportedFeatureError(`${this.id}: no embedding model (call withEmbeddings(model))`, { provider: this.id });
    if (request.texts.length === 0) throw new InvalidRequestError(`${this.id}: nothing to embed (empty input)`, { provider: this.id });
    const json = await this.sendJson<unknown>(this.post('embed', cohereEmbeddingBody(model, request), request));
    return this.guard(() => fromCohereEmbeddings(json, model));
  }

  private post(action: 'chat' | 'embed', body: JsonObject, call: CallOptions, accept = 'application/json'): TransportRequest {
    return this.transportRequest(`${this.baseUrl}/v2/${action}`, body, call, { defaults: { accept, 'content-type': 'application/json' } });
  }
}
