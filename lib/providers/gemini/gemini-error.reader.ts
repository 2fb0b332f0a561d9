import type { JsonValue } from '../../core/json.types';
import { AuthenticationError } from '../../errors/authentication.error';
import type { ChatError } from '../../errors/chat.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import { QuotaExceededError } from '../../errors/quota-exceeded.error';
import { RateLimitError } from '../../errors/rate-limit.error';
import { parseRetryAfter } from '../../errors/retry-after.parser';
import type { TransportResponse } from '../../transport/transport.types';
import { summariseBody } from '../shared/body.summary';
import type { ErrorBodyFields, ErrorBodyReader } from '../shared/error-body.handler';
import type { GeminiErrorBody } from './gemini-wire.types';

const PROVIDER = 'gemini';

/** What a Google error body says, details included. */
export interface GeminiErrorFields extends ErrorBodyFields {
  /** `ErrorInfo.reason`, e.g. `API_KEY_INVALID`. */
  readonly reason?: string;
  /** `QuotaFailure` violation ids, e.g. `GenerateRequestsPerMinutePerProjectPerModel-FreeTier`. */
  readonly quotaIds: readonly string[];
  /** The numeric `error.code` (an HTTP status). */
  readonly httpCode?: number;
}

/** Parses a protobuf `Duration` in JSON form (`"34.4s"`) into seconds. */
export function parseGoogleDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}

/** Reads `{"error":{"code","status","message","details"}}`, including `ErrorInfo`, `QuotaFailure` and `RetryInfo` details. */
export function readGeminiErrorFields(body: unknown): GeminiErrorFields | undefined {
  const error = (body as GeminiErrorBody | null)?.error;
  if (!error || typeof error !== 'object') return undefined;
  let reason: string | undefined;
  let retryAfterSeconds: number | undefined;
  const quotaIds: string[] = [];
  for (const detail of Array.isArray(error.details) ? error.details : []) {
    const type = String(detail?.['@type'] ?? '');
    if (type.endsWith('google.rpc.ErrorInfo') && typeof detail.reason === 'string') reason = detail.reason;
    if (type.endsWith('google.rpc.RetryInfo')) retryAfterSeconds = parseGoogleDuration(detail.retryDelay);
    if (type.endsWith('google.rpc.QuotaFailure') && Array.isArray(detail.violations)) {
      for (const violation of detail.violations as JsonValue[]) {
        const id = (violation as { quotaId?: unknown } | null)?.quotaId;
        if (typeof id === 'string') quotaIds.push(id);
      }
    }
  }
  return {
    code: typeof error.status === 'string' ? error.status : undefined,
    message: typeof error.message === 'string' ? error.message : undefined,
    retryAfterSeconds,
    reason,
    quotaIds,
    httpCode: typeof error.code === 'number' ? error.code : undefined,
  };
}

/** The `ErrorBodyReader` of the Gemini wire (code = Google status, message, RetryInfo delay). */
export const readGeminiError: ErrorBodyReader = (body) => readGeminiErrorFields(body);

/** A 429 that waiting a minute will not fix: daily quotas, billing, prepaid credit. */
function isHardQuota(fields: GeminiErrorFields): boolean {
  if (fields.quotaIds.length > 0) {
    return fields.quotaIds.every((id) => /PerDay|PerMonth/i.test(id));
  }
  return fields.retryAfterSeconds === undefined && /billing|credit|prepay|spend(ing)? cap/i.test(fields.message ?? '');
}

/**
 * Turns a Gemini error (HTTP status + parsed body) into the chat-ts hierarchy: invalid keys are
 * `AuthenticationError` (Google answers them with 400), `RESOURCE_EXHAUSTED` is a `RateLimitError`
 * carrying `RetryInfo` unless the quota is daily or billing-bound (`QuotaExceededError`),
 * `UNAVAILABLE` is `ProviderOverloadedError`.
 */
export function geminiError(status: number, fields: GeminiErrorFields | undefined, rawBody: string, headerRetry?: number): ChatError {
  const message = fields?.message ?? summariseBody(rawBody);
  const code = fields?.code;
  const retryAfterSeconds = fields?.retryAfterSeconds ?? headerRetry;
  const details: JsonValue = { ...(fields?.reason ? { reason: fields.reason } : {}), quotaIds: [...(fields?.quotaIds ?? [])] };
  const base = { provider: PROVIDER, status, code, providerMessage: message, details };
  if (
    fields?.reason === 'API_KEY_INVALID' ||
    fields?.reason === 'API_KEY_EXPIRED' ||
    code === 'UNAUTHENTICATED' ||
    code === 'PERMISSION_DENIED' ||
    /API key not valid/i.test(message)
  ) {
    return new AuthenticationError(`gemini rejected the credentials (HTTP ${status}): ${message}`, base);
  }
  if (status === 429 || code === 'RESOURCE_EXHAUSTED') {
    if (fields && isHardQuota(fields)) {
      return new QuotaExceededError(`gemini quota exhausted (HTTP ${status}): ${message}`, base);
    }
    return new RateLimitError(`gemini rate limit (HTTP ${status}): ${message}`, { ...base, retryAfterSeconds });
  }
  return errorFromHttp({ provider: PROVIDER, status, code, message, retryAfterSeconds });
}

/** Maps a whole HTTP error response of the Gemini API. */
export function geminiErrorFromResponse(res: TransportResponse): ChatError {
  let fields: GeminiErrorFields | undefined;
  try {
    fields = readGeminiErrorFields(JSON.parse(res.body));
  } catch {
    fields = undefined;
  }
  return geminiError(res.status, fields, res.body, parseRetryAfter(res.headers['retry-after']));
}
