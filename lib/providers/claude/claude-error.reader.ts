import type { ChatError } from '../../errors/chat.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import type { ErrorBodyFields } from '../shared/error-body.handler';

/** Provider id used in errors, parts' origins and metadata. */
export const CLAUDE_PROVIDER_ID = 'claude';

/** The HTTP status Anthropic pairs with each error type (used for errors that arrive inside a 200 stream). */
const STATUS_OF_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads Anthropic error bodies: `{"type":"error","error":{"type":"rate_limit_error","message":"..."},"request_id":"..."}`.
 * Also accepts the looser `{"error":{"message":...}}` / `{"message":...}` shapes proxies send.
 */
export function readClaudeErrorBody(body: unknown): ErrorBodyFields | undefined {
  if (!isObject(body)) return undefined;
  const error = body.error;
  if (isObject(error)) {
    const code = typeof error.type === 'string' ? error.type : typeof error.code === 'string' ? error.code : undefined;
    const message = typeof error.message === 'string' ? error.message : undefined;
    if (code !== undefined || message !== undefined) return { code, message };
  }
  if (typeof body.message === 'string') return { message: body.message };
  return undefined;
}

/**
 * Turns an `error` event of a stream (HTTP 200 already sent, e.g. `overloaded_error` mid-answer)
 * (or an error-shaped body) into a typed error; the status is the one Anthropic uses for that error type.
 */
export function claudeErrorFromBody(body: unknown): ChatError {
  const fields = readClaudeErrorBody(body) ?? {};
  const status = (fields.code && STATUS_OF_TYPE[fields.code]) || 500;
  return errorFromHttp({
    provider: CLAUDE_PROVIDER_ID,
    status,
    code: fields.code,
    message: fields.message ?? 'error event in the stream',
  });
}
