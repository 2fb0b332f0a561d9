import type { ChatError } from '../../errors/chat.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import type { ErrorBodyFields } from '../shared/error-body.handler';
import { asArray, asNumber, asObject, asString } from './completions-wire.guards';

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const parts = value.map((v) => asString(asObject(v)?.msg) ?? asString(asObject(v)?.message) ?? text(v)).filter(Boolean);
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
  return JSON.stringify(value);
}

function code(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Reads Chat Completions error bodies, in the shapes real servers send:
 * `{"error":{"message","type","code"}}` (OpenAI, DeepSeek, Groq, ...), `{"error":"text"}` (Ollama, HF),
 * `{"detail":"..."}` or a FastAPI `detail` list (Mistral), `{"message","type","code"}` at top level,
 * `[{"error":{...}}]`. `code` is the error code, else its type.
 */
export function readCompletionsError(body: unknown): ErrorBodyFields | undefined {
  const root = Array.isArray(body) ? asObject(body[0]) : asObject(body);
  if (!root) return typeof body === 'string' && body ? { message: body } : undefined;
  const error = root.error;
  const nested = asObject(error);
  if (nested) {
    const meta = asObject(nested.metadata);
    return {
      code: code(nested.code) ?? code(nested.type) ?? code(root.error_type),
      message: text(nested.message) ?? text(meta?.raw) ?? text(nested),
    };
  }
  if (typeof error === 'string') return { code: code(root.error_type) ?? code(root.code), message: error };
  if (root.detail !== undefined) return { code: code(root.code) ?? code(root.type), message: text(root.detail) };
  if (root.message !== undefined) return { code: code(root.code) ?? code(root.type), message: text(root.message) };
  const errors = asArray(root.errors);
  if (errors.length > 0) return { message: text(errors) };
  return undefined;
}

function statusOf(error: Record<string, unknown> | undefined, root: Record<string, unknown>, fields: ErrorBodyFields): number {
  const explicit =
    asNumber(error?.status_code) ?? asNumber(error?.status) ?? asNumber(root.status_code) ?? asNumber(root.status) ?? asNumber(error?.code);
  if (explicit !== undefined && explicit >= 400 && explicit < 600) return explicit;
  const hint = `${fields.code ?? ''} ${fields.message ?? ''}`;
  if (/quota|rate[_ ]limit|too many requests/i.test(hint)) return 429;
  if (/overloaded|unavailable|capacity/i.test(hint)) return 503;
  if (/invalid|context[_ ]length|not[_ ]found|unsupported|tool_use_failed|bad request/i.test(hint)) return 400;
  if (/auth|api[_ ]key|permission/i.test(hint)) return 401;
  return 500;
}

/**
 * Maps an error that arrived inside a 200 answer (an `{"error":...}` body or stream chunk, or an
 * `event: error` SSE event) to a typed error; the status comes from the payload when it has one.
 */
export function errorFromPayload(provider: string, payload: unknown): ChatError {
  const root = asObject(payload) ?? {};
  const fields = readCompletionsError(payload) ?? { message: typeof payload === 'string' ? payload : undefined };
  const status = statusOf(asObject(root.error), root, fields);
  return errorFromHttp({ provider, status, code: fields.code, message: fields.message ?? 'the server reported an error mid-answer' });
}
