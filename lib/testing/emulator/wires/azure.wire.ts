import type { JsonObject, JsonValue } from '../../../core/json.types';
import type { EmulatedError } from '../emulator-script.types';
import type { EmulatorWire, WireContext, WireRoute, WireStream } from '../emulator-wire.types';
import type { RecordedRequest } from '../recorded-request.types';
import { completionsWire } from './completions.wire';
import { responsesWire } from './responses.wire';

/** `/openai/v1/<op>`, `/openai/<op>` (Responses, with `api-version`) or `/openai/deployments/<deployment>/<op>`. */
const AZURE_PATH = /\/openai\/(?:(v1)\/|deployments\/([^/]+)\/)?(responses|chat\/completions|embeddings)$/;

/** The content-filter categories Azure reports, each `{ filtered, severity }` or `{ filtered, detected }`. */
const SEVERITY_CATEGORIES = ['hate', 'self_harm', 'sexual', 'violence'];
const DETECTION_CATEGORIES = ['jailbreak', 'profanity'];

function parse(path: string): { v1: boolean; deployment?: string; op: string } | undefined {
  const m = AZURE_PATH.exec(path);
  if (!m) return undefined;
  return { v1: m[1] === 'v1', deployment: m[2] === undefined ? undefined : decodeURIComponent(m[2]), op: m[3] };
}

function delegate(path: string): EmulatorWire {
  return parse(path)?.op === 'responses' ? responsesWire : completionsWire;
}

function apiVersion(query: string | undefined): string | undefined {
  return new URLSearchParams(query ?? '').get('api-version') ?? undefined;
}

/** Azure's content-filter report: every category, the blocked ones `filtered: true`. */
function contentFilterResult(categories: readonly string[]): JsonObject {
  const result: JsonObject = {};
  for (const name of SEVERITY_CATEGORIES) result[name] = categories.includes(name) ? { filtered: true, severity: 'high' } : { filtered: false, severity: 'safe' };
  for (const name of DETECTION_CATEGORIES) result[name] = { filtered: categories.includes(name), detected: categories.includes(name) };
  for (const name of categories) if (!(name in result)) result[name] = { filtered: true, detected: true };
  return result;
}

const AZURE_MESSAGES: Record<number, [string, string]> = {
  401: ['401', 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'],
  404: ['DeploymentNotFound', 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'],
  429: ['429', 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 2 seconds.'],
  500: ['InternalServerError', 'The server had an error while processing your request.'],
};

/**
 * Azure OpenAI's wire: the Responses and Chat Completions bodies and streams of the OpenAI wires,
 * at Azure's paths (`/openai/v1/...`, `/openai/deployments/<deployment>/...?api-version=...`,
 * `/openai/responses?api-version=...`), with Azure's rules: an `api-key` header or an
 * `Authorization: Bearer` token is required (else 401), deployment URLs and the non-v1 Responses
 * path require `api-version` (else 404), and errors have Azure's shape (`{ error: { code, message } }`;
 * content-filter refusals with `innererror.content_filter_result`).
 */
export const azureWire: EmulatorWire = {
  name: 'azure',

  match(method: string, path: string, body: JsonValue): WireRoute | undefined {
    const at = method === 'POST' ? parse(path) : undefined;
    if (!at || (at.deployment !== undefined && at.op === 'responses')) return undefined;
    const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as JsonObject) : {};
    const model = at.deployment ?? (typeof b.model === 'string' ? b.model : undefined);
    if (at.op === 'embeddings') return { kind: 'embeddings', stream: false, model };
    return { kind: 'chat', stream: b.stream === true, model };
  },

  lastUserText(body: JsonValue): string | undefined {
    const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as JsonObject) : {};
    return 'input' in b ? responsesWire.lastUserText(body) : completionsWire.lastUserText(body);
  },

  rejectRequest(_body: JsonValue, request: RecordedRequest): EmulatedError | undefined {
    const auth = request.headers['authorization'] ?? '';
    if (!request.headers['api-key'] && !/^Bearer \S+/.test(auth)) return { status: 401 };
    const at = parse(request.path);
    if (at && !at.v1 && apiVersion(request.query) === undefined) return { status: 404, code: '404', message: 'Resource not found' };
    return undefined;
  },

  renderJson(ctx: WireContext): JsonValue {
    return delegate(ctx.request.path).renderJson(ctx);
  },

  renderStream(ctx: WireContext): WireStream {
    return delegate(ctx.request.path).renderStream(ctx);
  },

  renderError(error: EmulatedError): JsonValue {
    if (error.code === 'content_filter') {
      return {
        error: {
          message:
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
          type: null,
          param: 'prompt',
          code: 'content_filter',
          status: 400,
          innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: contentFilterResult(error.categories ?? []) },
        },
      };
    }
    const [code, message] = AZURE_MESSAGES[error.status] ?? (error.status >= 500 ? AZURE_MESSAGES[500] : ['BadRequest', 'Invalid request.']);
    return { error: { code: error.code ?? code, message: error.message ?? message } };
  },

  malformedFrame(): string | Uint8Array {
    return completionsWire.malformedFrame();
  },

  embeddingInputs(body: JsonValue): string[] {
    return completionsWire.embeddingInputs!(body);
  },

  renderEmbeddings(vectors: number[][], ctx: WireContext, body: JsonValue): JsonValue {
    return completionsWire.renderEmbeddings!(vectors, ctx, body);
  },
};
