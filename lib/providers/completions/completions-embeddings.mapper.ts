import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { decodeFloat32Base64 } from '../shared/float32-base64.decoder';
import type { EmbeddingDialect } from './completions-config.types';
import { asArray, asNumber, asObject, nonEmpty } from './completions-wire.guards';

/**
 * Builds a `POST /embeddings` body: `model`, `input`, and the encoding and vector size when asked,
 * spelled per dialect (`dimensions` for OpenAI, `output_dimension` for Mistral). The task type has
 * no field on this wire and is not sent.
 */
export function mapEmbeddingRequest(model: string, request: EmbeddingRequest, dialect: EmbeddingDialect = 'openai'): Record<string, unknown> {
  const size = dialect === 'mistral' ? 'output_dimension' : 'dimensions';
  return {
    model,
    input: [...request.texts],
    ...(request.encoding ? { encoding_format: request.encoding } : {}),
    ...(request.dimensions !== undefined ? { [size]: request.dimensions } : {}),
  };
}

function vectorOf(value: unknown): Float32Array | undefined {
  if (typeof value === 'string') return decodeFloat32Base64(value);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) return undefined;
  return Float32Array.from(value as number[]);
}

/**
 * Maps an embeddings body (`{data: [{embedding, index}], model, usage}`), float or base64 encoded,
 * to vectors in input order. A count or shape mismatch is an `InvalidResponseError`.
 */
export function mapEmbeddingResponse(body: unknown, provider: string, model: string, expected: number): EmbeddingResponse {
  const root = asObject(body);
  const data = asArray(root?.data);
  const vectors: Float32Array[] = new Array<Float32Array>(data.length);
  data.forEach((item, position) => {
    const entry = asObject(item);
    const index = asNumber(entry?.index) ?? position;
    const vector = vectorOf(entry?.embedding);
    if (!vector || index < 0 || index >= data.length) {
      throw new InvalidResponseError(`${provider} returned an unreadable embedding at position ${position}`, { provider });
    }
    vectors[index] = vector;
  });
  if (data.length !== expected || Array.from(vectors).some((v) => v === undefined)) {
    throw new InvalidResponseError(`${provider} returned ${data.length} embeddings for ${expected} inputs`, { provider });
  }
  const usage = asObject(root?.usage);
  // Some servers (Voyage) report only `total_tokens`: for embeddings every token is an input token.
  const inputTokens = asNumber(usage?.prompt_tokens) ?? asNumber(usage?.total_tokens) ?? 0;
  return {
    vectors,
    dimensions: vectors[0]?.length ?? 0,
    model: nonEmpty(root?.model) ?? model,
    provider,
    usage: { inputTokens, totalTokens: asNumber(usage?.total_tokens) ?? inputTokens },
  };
}
