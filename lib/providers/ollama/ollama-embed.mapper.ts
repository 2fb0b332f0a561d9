import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';

/** Builds a native `POST /api/embed` body. */
export function mapOllamaEmbedRequest(model: string, request: EmbeddingRequest): Record<string, unknown> {
  return {
    model,
    input: [...request.texts],
    ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}),
  };
}

/** Maps a native `/api/embed` body (`{model, embeddings: number[][], prompt_eval_count}`) to vectors. */
export function mapOllamaEmbedResponse(body: unknown, provider: string, model: string, expected: number): EmbeddingResponse {
  const root = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const embeddings = Array.isArray(root.embeddings) ? root.embeddings : [];
  const vectors = embeddings.map((vector, i) => {
    if (!Array.isArray(vector) || !vector.every((v) => typeof v === 'number')) {
      throw new InvalidResponseError(`${provider} returned an unreadable embedding at position ${i}`, { provider });
    }
    return Float32Array.from(vector as number[]);
  });
  if (vectors.length !== expected) {
    throw new InvalidResponseError(`${provider} returned ${vectors.length} embeddings for ${expected} inputs`, { provider });
  }
  const tokens = typeof root.prompt_eval_count === 'number' ? root.prompt_eval_count : 0;
  return {
    vectors,
    dimensions: vectors[0]?.length ?? 0,
    model: typeof root.model === 'string' && root.model ? root.model : model,
    provider,
    usage: { inputTokens: tokens, totalTokens: tokens },
  };
}
