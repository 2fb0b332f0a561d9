import { defer, type Observable } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { CapabilitiesWith } from '../../core/embedding-support.types';
import type { JsonObject } from '../../core/json.types';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { Transport, TransportRequest } from '../../transport/transport.types';
import type { ErrorBodyReader } from '../shared/error-body.handler';
import { withLeadingWarnings } from '../shared/leading-warnings';
import { HttpProviderKernel } from '../shared/http-provider.kernel';
import { applyConverseOptions, type BedrockConverseOptions } from './bedrock-converse.options';
import { mapBedrockError } from './bedrock-error.mapper';
import { bedrockEmbeddingBody, bedrockEmbeddingResponse, bedrockEmbeddingVectors, embeddingBatchSize } from './bedrock-embedding.mapper';
import { bedrockFrameParser, type BedrockFrame } from './bedrock-event-stream.parser';
import { BEDROCK_PROVIDER_ID, toBedrockRequest } from './bedrock-request.mapper';
import { fromBedrockResponse } from './bedrock-response.mapper';
import { BedrockStreamMapper } from './bedrock-stream.mapper';

/** Everything a {@link BedrockProvider} needs; `BedrockBuilder` fills it (and the signing transport). */
export interface BedrockProviderConfig {
  /** Model id, inference profile id (`us.anthropic.claude-...`) or ARN. */
  readonly model: string;
  /** `https://bedrock-runtime.<region>.amazonaws.com`, or another endpoint. */
  readonly baseUrl: string;
  /** A Bedrock API key, sent as `Authorization: Bearer` (without it, the transport signs with SigV4). */
  readonly apiKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The transport; `BedrockBuilder` wraps it in a SigV4-signing transport when there is no API key. */
  readonly transport?: Transport;
  readonly idleTimeout?: number;
  readonly timeout?: number;
  readonly clock?: Clock;
  /** Embedding model for `embed()` (Titan `amazon.titan-embed-text-v2:0`, Cohere `cohere.embed-english-v3`). */
  readonly embeddingModel?: string;
  /** Guardrail, prompt-cache checkpoints and citation requests added to every Converse body. */
  readonly converse?: BedrockConverseOptions;
}

const readBedrockError: ErrorBodyReader = (body) => {
  const b = body as { message?: unknown; Message?: unknown } | null;
  const message = typeof b?.message === 'string' ? b.message : typeof b?.Message === 'string' ? b.Message : undefined;
  return message === undefined ? undefined : { message };
};

/**
 * Amazon Bedrock through the Converse API (`POST /model/<id>/converse`) and ConverseStream
 * (`/converse-stream`, the binary AWS event stream decoded with the AWS SDK's codec): text,
 * images and documents, tool use, reasoning with signatures, citations, guardrail stops, usage
 * with cache tokens, typed exceptions; embeddings through `InvokeModel` (Titan, Cohere).
 *
 * @example
 * const bedrock = new BedrockBuilder().withRegion('us-east-1').withModel('us.anthropic.claude-3-5-haiku-20241022-v1:0').build();
 */
export class BedrockProvider<E extends boolean = boolean> extends HttpProviderKernel implements ChatProvider {
  readonly capabilities: CapabilitiesWith<E>;
  readonly embeddingBatchSize: number;
  readonly #embeddingModel?: string;
  readonly #converse: BedrockConverseOptions;

  constructor(config: BedrockProviderConfig) {
    super({ ...config, id: BEDROCK_PROVIDER_ID, baseUrl: config.baseUrl.replace(/\/+$/, ''), readError: readBedrockError, mapError: (res) => mapBedrockError(BEDROCK_PROVIDER_ID, res) });
    this.#embeddingModel = config.embeddingModel;
    this.#converse = config.converse ?? {};
    this.embeddingBatchSize = config.embeddingModel ? embeddingBatchSize(config.embeddingModel) : 1;
    this.capabilities = { tools: true, structuredOutput: true, streaming: true, vision: true, nativeTools: [], embeddings: (config.embeddingModel !== undefined) as E };
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const mapped = this.mapped(request, false);
    const json = await this.sendJson<unknown>(this.modelRequest('converse', mapped.body, request));
    const response = this.guard(() => fromBedrockResponse(json, this.model, mapped.jsonTool));
    return mapped.warnings.length > 0 ? { ...response, warnings: [...(response.warnings ?? []), ...mapped.warnings] } : response;
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return defer(() => {
      const mapped = this.mapped(request, true);
      const events = this.openStream<BedrockFrame, ModelStreamEvent>(
        this.modelRequest('converse-stream', mapped.body, request, 'application/vnd.amazon.eventstream'),
        bedrockFrameParser(this.id),
        () => new BedrockStreamMapper(this.model, mapped.jsonTool),
        request.idleTimeout,
      );
      return withLeadingWarnings(events, mapped.warnings);
    });
  }

  /** Embeddings through `InvokeModel`: one request per text (Titan) or per 96 texts (Cohere). */
  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const model = request.model ?? this.#embeddingModel;
    if (!model) throw new UnsupportedFeatureError(`${this.id}: no embedding model (call withEmbeddings(model))`, { provider: this.id });
    if (request.texts.length === 0) throw new InvalidRequestError(`${this.id}: nothing to embed (empty input)`, { provider: this.id });
    const size = embeddingBatchSize(model);
    const batches: string[][] = [];
    for (let i = 0; i < request.texts.length; i += size) batches.push(request.texts.slice(i, i + size));
    const results = await Promise.all(
      batches.map(async (texts) => {
        const json = await this.sendJson<unknown>(this.transportRequest(this.modelUrl(model, 'invoke'), bedrockEmbeddingBody(model, request, texts), request, { defaults: { accept: 'application/json' } }));
        return this.guard(() => bedrockEmbeddingVectors(model, json));
      }),
    );
    return bedrockEmbeddingResponse(model, results);
  }

  private mapped(request: ProviderRequest, stream: boolean): ReturnType<typeof toBedrockRequest> {
    const mapped = toBedrockRequest(request, this.model);
    applyConverseOptions(mapped.body, this.#converse, stream);
    return mapped;
  }

  private modelUrl(model: string, action: string): string {
    return `${this.baseUrl}/model/${encodeURIComponent(model)}/${action}`;
  }

  private modelRequest(action: string, body: JsonObject, request: ProviderRequest, accept = 'application/json'): TransportRequest {
    return this.transportRequest(this.modelUrl(this.model, action), body, request, { defaults: { accept, 'content-type': 'application/json' } });
  }
}
