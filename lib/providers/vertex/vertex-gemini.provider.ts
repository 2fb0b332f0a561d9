import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { JsonObject } from '../../core/json.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { GeminiProvider } from '../gemini/gemini.provider';
import { GEMINI_PROVIDER_ID } from '../gemini/gemini.constants';

/** Vertex's `taskType` names for the neutral task types. */
const TASK_TYPES: Readonly<Record<string, string>> = {
  'retrieval-query': 'RETRIEVAL_QUERY',
  'retrieval-document': 'RETRIEVAL_DOCUMENT',
  'semantic-similarity': 'SEMANTIC_SIMILARITY',
  classification: 'CLASSIFICATION',
  clustering: 'CLUSTERING',
  'question-answering': 'QUESTION_ANSWERING',
  'fact-verification': 'FACT_VERIFICATION',
  'code-retrieval': 'CODE_RETRIEVAL_QUERY',
};

interface VertexPrediction {
  readonly embeddings?: { readonly values?: unknown; readonly statistics?: { readonly token_count?: unknown } };
}

/** Default embedding model on Vertex (`:predict` takes up to 250 texts per request; chat-ts sends 100 at most). */
export const VERTEX_DEFAULT_EMBEDDING_MODEL = 'text-embedding-005';

/**
 * Gemini on Vertex AI: chat exactly as the Gemini API (`:generateContent`,
 * `:streamGenerateContent?alt=sse`, same mappers), embeddings through Vertex's `:predict`
 * (`{ instances: [{ content, task_type }], parameters: { outputDimensionality } }`, answered with
 * `predictions[].embeddings.values` and token counts). Built by `VertexGeminiBuilder`.
 *
 * @example
 * const vertex = new VertexGeminiBuilder().withProject('my-project').withLocation('global').withModel('gemini-2.5-flash').build();
 */
export class VertexGeminiProvider extends GeminiProvider {
  readonly #embeddingModel: string;

  constructor(config: ConstructorParameters<typeof GeminiProvider>[0]) {
    super(config);
    this.#embeddingModel = config.embeddingModel ?? VERTEX_DEFAULT_EMBEDDING_MODEL;
  }

  override async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const count = request.texts.length;
    if (count === 0) throw new InvalidRequestError('vertex embed() needs at least one text', { provider: GEMINI_PROVIDER_ID });
    const model = request.model ?? this.#embeddingModel;
    const task = request.taskType ? TASK_TYPES[request.taskType] : undefined;
    const body: JsonObject = { instances: request.texts.map((content): JsonObject => (task ? { content, task_type: task } : { content })) };
    if (request.dimensions !== undefined) body.parameters = { outputDimensionality: request.dimensions };
    const url = `${this.baseUrl}/models/${encodeURIComponent(model)}:predict`;
    const json = await this.sendJson<{ predictions?: readonly VertexPrediction[] }>(this.transportRequest(url, body, request));
    const predictions = Array.isArray(json?.predictions) ? json.predictions : [];
    if (predictions.length !== count || predictions.some((p) => !Array.isArray(p?.embeddings?.values))) {
      throw new InvalidResponseError(`vertex returned ${predictions.length} embeddings for ${count} texts`, { provider: GEMINI_PROVIDER_ID });
    }
    const vectors = predictions.map((p) => Float32Array.from(p.embeddings!.values as readonly number[]));
    const tokens = predictions.reduce((sum, p) => sum + (typeof p.embeddings?.statistics?.token_count === 'number' ? p.embeddings.statistics.token_count : 0), 0);
    return { vectors, dimensions: vectors[0]?.length ?? 0, model, provider: GEMINI_PROVIDER_ID, usage: { inputTokens: tokens, totalTokens: tokens } };
  }
}
