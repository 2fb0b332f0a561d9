import type { EmbeddingRequest, EmbeddingResponse, EmbeddingTaskType } from '../../core/embedding.types';
import type { JsonObject } from '../../core/json.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { GeminiEmbedResponse } from './gemini-wire.types';
import { GEMINI_PROVIDER_ID } from './gemini.constants';

const TASK_TYPES: Record<EmbeddingTaskType, string> = {
  'retrieval-query': 'RETRIEVAL_QUERY',
  'retrieval-document': 'RETRIEVAL_DOCUMENT',
  'semantic-similarity': 'SEMANTIC_SIMILARITY',
  classification: 'CLASSIFICATION',
  clustering: 'CLUSTERING',
  'question-answering': 'QUESTION_ANSWERING',
  'fact-verification': 'FACT_VERIFICATION',
  'code-retrieval': 'CODE_RETRIEVAL_QUERY',
};

/** `models/<name>` for a bare model name; names that already hold a path (`tunedModels/x`) are kept. */
export function geminiModelPath(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

/** One `EmbedContentRequest` (the body of `embedContent`, an item of `batchEmbedContents`). */
export function toEmbedContentRequest(text: string, request: EmbeddingRequest, model: string): JsonObject {
  const body: JsonObject = { model: geminiModelPath(model), content: { parts: [{ text }] } };
  if (request.taskType) body.taskType = TASK_TYPES[request.taskType];
  if (request.dimensions !== undefined) body.outputDimensionality = request.dimensions;
  return body;
}

/** The body of a `batchEmbedContents` request. */
export function toBatchEmbedRequest(request: EmbeddingRequest, model: string): JsonObject {
  return { requests: request.texts.map((text) => toEmbedContentRequest(text, request, model)) };
}

/** Maps an `embedContent` or `batchEmbedContents` response to vectors in input order. */
export function fromGeminiEmbeddings(body: GeminiEmbedResponse, expected: number, model: string): EmbeddingResponse {
  const raw = body.embeddings ?? (body.embedding ? [body.embedding] : []);
  if (raw.length !== expected || raw.some((e) => !Array.isArray(e.values))) {
    throw new InvalidResponseError(`gemini returned ${raw.length} embeddings for ${expected} texts`, { provider: GEMINI_PROVIDER_ID });
  }
  const vectors = raw.map((e) => Float32Array.from(e.values as readonly number[]));
  return {
    vectors,
    dimensions: vectors[0]?.length ?? 0,
    model,
    provider: GEMINI_PROVIDER_ID,
    usage: { inputTokens: 0, totalTokens: 0 },
  };
}
