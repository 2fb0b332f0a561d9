import type { JsonObject, JsonValue } from '../../lib/core/json.types';
import type { EmulatorWire } from '../../lib/testing/emulator';

const asObject = (body: JsonValue): JsonObject => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as JsonObject) : {});

/**
 * A test-only emulator wire for OpenAI `POST …/embeddings` (the Chat Completions work stream owns
 * the built-in one): float or base64 (`encoding_format`) vectors, written from the API reference.
 */
export const openAIEmbeddingsTestWire: EmulatorWire = {
  name: 'openai-embeddings-test',
  match(method, path, body) {
    if (method !== 'POST' || !/\/embeddings$/.test(path)) return undefined;
    const model = asObject(body).model;
    return { kind: 'embeddings', stream: false, model: typeof model === 'string' ? model : undefined };
  },
  lastUserText: () => undefined,
  renderJson: () => ({}),
  renderStream: () => ({ contentType: 'text/plain', frames: [] }),
  renderError: (error) => ({ error: { message: error.message ?? 'error', type: 'invalid_request_error', param: null, code: error.code ?? null } }),
  malformedFrame: () => '',
  embeddingInputs(body) {
    const input = asObject(body).input;
    return Array.isArray(input) ? input.map(String) : [String(input ?? '')];
  },
  renderEmbeddings(vectors, ctx, body) {
    const base64 = asObject(body).encoding_format === 'base64';
    return {
      object: 'list',
      data: vectors.map((v, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
      })),
      model: ctx.model,
      usage: { prompt_tokens: vectors.length * 3, total_tokens: vectors.length * 3 },
    };
  },
};
