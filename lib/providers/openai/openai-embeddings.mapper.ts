import { endianness } from 'node:os';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { JsonObject } from '../../core/json.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';

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

const LITTLE_ENDIAN = endianness() === 'LE';

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
 * Decodes a base64 embedding (little-endian float32) into a `Float32Array`, viewing the decoded
 * bytes without a copy when they are aligned (and the machine is little-endian).
 */
export function decodeBase64Embedding(data: string): Float32Array {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new Error(`base64 embedding has ${bytes.byteLength} bytes, not a multiple of 4`);
  const count = bytes.byteLength / 4;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
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
  const inputTokens = b.usage?.prompt_tokens ?? 0;
  return {
    vectors,
    dimensions: vectors[0]?.length ?? 0,
    model: typeof b.model === 'string' ? b.model : model,
    provider,
    usage: { inputTokens, totalTokens: b.usage?.total_tokens ?? inputTokens },
  };
}
