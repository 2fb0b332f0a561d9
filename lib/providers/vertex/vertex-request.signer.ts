import type { JsonValue } from '../../core/json.types';
import { secretHeaders } from '../../transport/secret-headers';
import type { TransportRequest } from '../../transport/transport.types';
import type { AccessTokenCache } from '../shared/access-token.cache';
import type { RequestSigner } from '../shared/signing.transport';

/** The `anthropic_version` Claude on Vertex AI takes in the body. */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** Headers of a request with `authorization: Bearer <token>` and without the named headers. */
async function withBearer(request: TransportRequest, tokens: AccessTokenCache | undefined, drop: readonly string[]): Promise<Readonly<Record<string, string>>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) if (!drop.includes(name.toLowerCase())) headers[name] = value;
  if (tokens) headers.authorization = `Bearer ${await tokens.get()}`;
  return secretHeaders(headers);
}

/** Gemini on Vertex AI: the Gemini wire as is, with an OAuth bearer token (none in express mode, where the key travels in `x-goog-api-key`). */
export function vertexGeminiSigner(tokens: AccessTokenCache | undefined): RequestSigner {
  return async (request) => (tokens ? { ...request, headers: await withBearer(request, tokens, ['authorization']) } : request);
}

/**
 * Claude on Vertex AI, Anthropic's Vertex request shape: the Messages request goes to
 * `<publisher>/models/<model>:rawPredict` (`:streamRawPredict` when streaming), the model in the
 * URL and not in the body, `anthropic_version: "vertex-2023-10-16"` in the body instead of the
 * `anthropic-version` header, and an OAuth bearer token instead of `x-api-key`.
 */
export function vertexClaudeSigner(publisherBase: string, tokens: AccessTokenCache | undefined, version = VERTEX_ANTHROPIC_VERSION): RequestSigner {
  return async (request) => {
    const body = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? { ...(request.body as { [key: string]: JsonValue }) } : undefined;
    if (!body || request.url !== `${publisherBase}/v1/messages`) return { ...request, headers: await withBearer(request, tokens, ['x-api-key', 'authorization']) };
    const model = typeof body.model === 'string' ? body.model : '';
    delete body.model;
    const url = `${publisherBase}/models/${encodeURIComponent(model)}:${body.stream === true ? 'streamRawPredict' : 'rawPredict'}`;
    return { ...request, url, body: { anthropic_version: version, ...body }, headers: await withBearer(request, tokens, ['x-api-key', 'authorization', 'anthropic-version']) };
  };
}
