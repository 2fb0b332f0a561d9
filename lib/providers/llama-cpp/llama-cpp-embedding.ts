import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import { AbortedError } from '../../errors/aborted.error';
import { ConfigurationError } from '../../errors/configuration.error';
import { toChatError } from './llama-cpp-error.mapper';
import { LLAMA_CPP_PROVIDER } from './llama-cpp-history.mapper';
import type { LlamaCppRuntime } from './llama-cpp.runtime';

/** Keeps the first `dimensions` values and rescales to unit length (Matryoshka-style shortening). */
export function shorten(vector: Float32Array, dimensions: number | undefined): Float32Array {
  if (dimensions === undefined || dimensions >= vector.length) return vector;
  const head = vector.slice(0, dimensions);
  const norm = Math.sqrt(head.reduce((sum, v) => sum + v * v, 0));
  return norm > 0 ? head.map((v) => v / norm) : head;
}

/**
 * Embeds texts one by one on the model's embedding context (created on first use). An empty text
 * gives a zero vector; `dimensions` shortens vectors; usage counts the tokens evaluated.
 */
export async function embedTexts(runtime: LlamaCppRuntime, request: EmbeddingRequest): Promise<EmbeddingResponse> {
  if (runtime.disposed) throw new ConfigurationError('llama-cpp: the model was disposed', { provider: LLAMA_CPP_PROVIDER, code: 'disposed' });
  const size = runtime.model.embeddingVectorSize;
  const vectors: Float32Array[] = [];
  let inputTokens = 0;
  try {
    const context = await runtime.embeddingContext();
    for (const text of request.texts) {
      if (request.signal?.aborted) throw new AbortedError('llama-cpp embedding aborted', { provider: LLAMA_CPP_PROVIDER });
      inputTokens += text ? context.calculateInputLength(text) : 0;
      const vector = text ? Float32Array.from((await context.getEmbeddingFor(text)).vector) : new Float32Array(size);
      vectors.push(shorten(vector, request.dimensions));
    }
  } catch (error) {
    throw toChatError(error);
  }
  return {
    vectors,
    dimensions: vectors[0]?.length ?? Math.min(size, request.dimensions ?? size),
    model: runtime.name,
    provider: LLAMA_CPP_PROVIDER,
    usage: { inputTokens, totalTokens: inputTokens },
  };
}
