import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { JsonObject } from '../../core/json.types';
import { COHERE_PROVIDER_ID } from './cohere-request.mapper';
import { obj } from './cohere-response.mapper';

/** Texts per Cohere `/v2/embed` request. */
export const COHERE_EMBEDDING_BATCH_SIZE = 96;

const INPUT_TYPE: Readonly<Record<string, string>> = {
  'retrieval-query': 'search_query',
  'question-answering': 'search_query',
  'fact-verification': 'search_query',
  'retrieval-document': 'search_document',
  classification: 'classification',
  clustering: 'clustering',
};

/** The `POST /v2/embed` body: `texts`, `input_type` (from the task type; default `search_document`), float vectors, `output_dimension`. */
export function cohereEmbeddingBody(model: string, request: EmbeddingRequest): JsonObject {
  return {
    model,
    texts: [...request.texts],
    input_type: INPUT_TYPE[request.taskType ?? ''] ?? 'search_document',
    embedding_types: ['float'],
    ...(request.dimensions !== undefined ? { output_dimension: request.dimensions } : {}),
  };
}

/** A `/v2/embed` response (`embeddings.float`, `meta.billed_units.input_tokens`) → a chat-ts embedding response. */
export function fromCohereEmbeddings(body: unknown, model: string): EmbeddingResponse {
  const b = obj(body) ?? {};
  const raw = obj(b.embeddings)?.float ?? b.embeddings;
  if (!Array.isArray(raw) || raw.some((v) => !Array.isArray(v))) throw new Error('no embeddings.float array');
  const vectors = raw.map((v) => Float32Array.from(v as number[]));
  const tokens = obj(obj(obj(b.meta)?.billed_units))?.input_tokens;
  const inputTokens = typeof tokens === 'number' ? tokens : 0;
  return { vectors, dimensions: vectors[0]?.length ?? 0, model, provider: COHERE_PROVIDER_ID, usage: { inputTokens, totalTokens: inputTokens } };
}
