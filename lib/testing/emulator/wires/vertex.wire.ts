import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedError } from '../emulator-script.types';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import type { RecordedRequest } from '../recorded-request.types';
import { claudeWire } from './claude.wire';
import { geminiWire } from './gemini.wire';

/**
 * `/v1/projects/<project>/locations/<location>/publishers/<publisher>/models/<model>:<method>`, or
 * `/v1/publishers/google/models/<model>:<method>` (express mode, API key).
 */
const VERTEX_PATH = /^\/v1(\/projects\/[^/]+\/locations\/[^/]+)?\/publishers\/(google|anthropic)\/models\/([^/:]+):([A-Za-z]+)$/;
const GOOGLE_METHODS = new Set(['generateContent', 'streamGenerateContent', 'predict']);
const ANTHROPIC_METHODS = new Set(['rawPredict', 'streamRawPredict']);

function parse(path: string): { project: boolean; publisher: 'google' | 'anthropic'; model: string; method: string } | undefined {
  const m = VERTEX_PATH.exec(path);
  if (!m) return undefined;
  const publisher = m[2] as 'google' | 'anthropic';
  if (!(publisher === 'google' ? GOOGLE_METHODS : ANTHROPIC_METHODS).has(m[4])) return undefined;
  return { project: m[1] !== undefined, publisher, model: decodeURIComponent(m[3]), method: m[4] };
}

const obj = (v: JsonValue): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const delegate = (path: string): EmulatorWire => (parse(path)?.publisher === 'anthropic' ? claudeWire : geminiWire);

/**
 * Vertex AI's wire: Gemini (`publishers/google`: `:generateContent`, `:streamGenerateContent?alt=sse`,
 * embeddings through `:predict`) and Claude in Anthropic's Vertex shape (`publishers/anthropic`:
 * `:rawPredict`, `:streamRawPredict`, the model in the URL, `anthropic_version: "vertex-2023-10-16"`
 * in the body, no `model` field). Requests need an OAuth `Authorization: Bearer` token; Gemini in
 * express mode (no project in the path) takes an `x-goog-api-key` instead. Bodies and streams are
 * the Gemini and Claude wires' own.
 */
export const vertexWire: EmulatorWire = {
  name: 'vertex',

  match(method: string, path: string, body: JsonValue): WireRoute | undefined {
    const at = method === 'POST' ? parse(path) : undefined;
    if (!at) return undefined;
    if (at.method === 'predict') return { kind: 'embeddings', stream: false, model: at.model };
    return { kind: 'chat', stream: at.method === 'streamGenerateContent' || (at.method === 'streamRawPredict' && obj(body).stream === true), model: at.model };
  },

  lastUserText(body: JsonValue): string | undefined {
    return 'messages' in obj(body) ? claudeWire.lastUserText(body) : geminiWire.lastUserText(body);
  },

  rejectRequest(body: JsonValue, request: RecordedRequest): EmulatedError | undefined {
    const at = parse(request.path)!;
    const bearer = /^Bearer \S+/.test(request.headers['authorization'] ?? '');
    const key = at.publisher === 'google' && !at.project && (request.headers['x-goog-api-key'] ?? '') !== '';
    if (!bearer && !key) return { status: 401, message: 'Request is missing required authentication credential. Expected OAuth 2 access token.' };
    if (at.publisher !== 'anthropic') return undefined;
    const b = obj(body);
    if (b.anthropic_version !== 'vertex-2023-10-16') return { status: 400, code: 'invalid_request_error', message: 'anthropic_version: Field required' };
    if ('model' in b) return { status: 400, code: 'invalid_request_error', message: 'model: Extra inputs are not permitted' };
    if (at.method === 'streamRawPredict' && b.stream !== true) return { status: 400, code: 'invalid_request_error', message: 'streamRawPredict needs "stream": true' };
    return claudeWire.rejectRequest?.(body, request);
  },

  renderJson(ctx: WireContext): JsonValue {
    return delegate(ctx.request.path).renderJson(ctx);
  },

  renderStream(ctx: WireContext): WireStream {
    return delegate(ctx.request.path).renderStream(ctx);
  },

  renderError(error: EmulatedError, ctx: WireContext): JsonValue {
    return delegate(ctx.request.path).renderError(error, ctx);
  },

  malformedFrame(): string | Uint8Array {
    return geminiWire.malformedFrame();
  },

  embeddingInputs(body: JsonValue): string[] {
    const instances = obj(body).instances;
    return Array.isArray(instances) ? instances.map((i) => String(obj(i).content ?? '')) : [];
  },

  renderEmbeddings(vectors: number[][], ctx: WireContext, body: JsonValue): JsonValue {
    const texts = vertexWire.embeddingInputs!(body);
    return {
      predictions: vectors.map((values, i) => ({ embeddings: { statistics: { token_count: (texts[i].match(/\S+/g) ?? []).length, truncated: false }, values } })),
      metadata: { billableCharacterCount: texts.reduce((sum, t) => sum + t.length, 0) },
    };
  },
};
