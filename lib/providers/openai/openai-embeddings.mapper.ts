import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { JsonObject } from '../../core/json.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { decodeFloat32Base64 } from '../shared/float32-base64.decoder';

/** Embedding settings of an OpenAI provider. */
export interface OpenAIEmbeddingSettings {
  readonly model: string;
  /** Default vector size (text-embedding-3 models can shorten vectors). */
  readonly dimensions?: number;
  /** Wire encoding (default `float`); vectors are returned as `Float32Array` either way. */
  readonly encoding?: 'float' | 'base64';
}

interface WireEmbedding {
  readonly index?: number;
  readonly embedding?: unknown;
}

/** Body of `POST /embeddings`: `model`, `input`, `encoding_format`, and `dimensions` when asked. */
export function buildEmbeddingsRequest(request: EmbeddingRequest, settings: OpenAIEmbeddingSettings): JsonObject {
  const body: JsonObject = {
    model: request.model ?? settings.model,
    input: [...request.texts],
    encoding_format: request.encoding ?? settings.encoding ?? 'float',
  };
  const dimensions = request.dimensions ?? settings.dimensions;
  if (dimensions !== undefined) body.dimensions = dimensions;
  return body;
}

/**
 * Decodes a base64 embedding (little-endian float32) into a `Float32Array`, decoded once into an
 * aligned buffer of its own and viewed without a copy (see `decodeFloat32Base64`).
 * Throws when the byte count is not a multiple of 4.
 */
export function decodeBase64Embedding(data: string): Float32Array {
  const vector = decodeFloat32Base64(data);
  if (!vector) throw new Error(`base64 embedding has ${Buffer.byteLength(data, 'base64')} bytes, not a multiple of 4`);
  return vector;
}

function vector(value: unknown): Float32Array {
  if (typeof value === 'string') return decodeBase64Embedding(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return Float32Array.from(value as number[]);
  throw new Error('embedding is neither a number array nor a base64 string');
}

/** Maps an `/embeddings` response to vectors in input order (by each item's `index`). */
export function mapEmbeddingsResponse(body: unknown, texts: number, provider: string, model: string): EmbeddingResponse {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    data?: unknown;
    model?: unknown;
    usage?: { prompt_tokens?: number; total_tokens?: number };
  };
  if (!Array.isArray(b.data)) throw new InvalidResponseError(`${provider} embeddings response has no data array`, { provider });
  const vectors: Float32Array[] = new Array<Float32Array>(b.data.length);
  try {
    (b.data as WireEmbedding[]).forEach((item, position) => {
      const index = typeof item?.index === 'number' ? item.index : position;
      vectors[index] = vector(item?.embedding);
    });
  } catch (error) {
    throw new InvalidResponseError(`${provider} sent an unreadable embedding: ${(error as Error).message}`, { provider });
  }
  if (vectors.length !== texts || vectors.some((v) => v === undefined)) {
    throw new InvalidResponseError(`${provider} returned ${b.data.length} embeddings for ${texts} inputs`, { provider });
  }
  const inputTokens = b.usage?.prompt_tokens ?? b.usage?.total_tokens ?? 0;
  return {
    vectors,
    dimensions: vectors[0]?.length ?? 0,
    model: typeof b.model === 'string' ? b.model : model,
    provider,
    usage: { inputTokens, totalTokens: b.usage?.total_tokens ?? inputTokens },
  };
}
