import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { JsonObject } from '../../core/json.types';
import { BEDROCK_PROVIDER_ID } from './bedrock-request.mapper';
import { obj } from './bedrock-response.mapper';

/** Whether a model id is a Cohere embedding model (`cohere.embed-*`, also behind a regional prefix). */
export function isCohereEmbedding(model: string): boolean {
  return /(^|\.)cohere\.embed/.test(model);
}

/** Texts per `InvokeModel` request: Titan embeds one text, Cohere up to 96. */
export function embeddingBatchSize(model: string): number {
  return isCohereEmbedding(model) ? 96 : 1;
}

const COHERE_INPUT: Readonly<Record<string, string>> = {
  'retrieval-query': 'search_query',
  'retrieval-document': 'search_document',
  classification: 'classification',
  clustering: 'clustering',
};

/** The `InvokeModel` body of an embedding model: Titan `{ inputText, dimensions, normalize }`, Cohere `{ texts, input_type }`. */
export function bedrockEmbeddingBody(model: string, request: EmbeddingRequest, text: readonly string[]): JsonObject {
  if (isCohereEmbedding(model)) {
    return { texts: [...text], input_type: COHERE_INPUT[request.taskType ?? ''] ?? 'search_document', ...(request.dimensions !== undefined ? { output_dimension: request.dimensions } : {}) };
  }
  return { inputText: text[0], normalize: true, ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}) };
}

/** Vectors (and the token count, when the model reports one) of an embedding response. */
export function bedrockEmbeddingVectors(model: string, body: unknown): { vectors: Float32Array[]; tokens: number } {
  const b = obj(body) ?? {};
  if (isCohereEmbedding(model)) {
    const raw = Array.isArray(b.embeddings) ? b.embeddings : (obj(b.embeddings)?.float as unknown[] | undefined);
    if (!Array.isArray(raw) || raw.some((v) => !Array.isArray(v))) throw new Error('no embeddings array');
    return { vectors: raw.map((v) => Float32Array.from(v as number[])), tokens: 0 };
  }
  if (!Array.isArray(b.embedding)) throw new Error('no embedding array');
  return { vectors: [Float32Array.from(b.embedding as number[])], tokens: typeof b.inputTextTokenCount === 'number' ? b.inputTextTokenCount : 0 };
}

/** Joins the vectors of several requests into one embedding response. */
export function bedrockEmbeddingResponse(model: string, results: ReadonlyArray<{ vectors: Float32Array[]; tokens: number }>): EmbeddingResponse {
  const vectors = results.flatMap((r) => r.vectors);
  const tokens = results.reduce((sum, r) => sum + r.tokens, 0);
  return { vectors, dimensions: vectors[0]?.length ?? 0, model, provider: BEDROCK_PROVIDER_ID, usage: { inputTokens: tokens, totalTokens: tokens } };
}
