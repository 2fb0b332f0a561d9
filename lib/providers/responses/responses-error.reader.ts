import type { ChatError } from '../../errors/chat.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import { ContentFilterError } from '../../errors/content-filter.error';
import { ContextLengthExceededError } from '../../errors/context-length-exceeded.error';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { ProviderOverloadedError } from '../../errors/provider-overloaded.error';
import { QuotaExceededError } from '../../errors/quota-exceeded.error';
import { RateLimitError } from '../../errors/rate-limit.error';
import { ServerError } from '../../errors/server-error.error';
import type { Usage } from '../../core/usage.types';
import type { ErrorBodyFields, ErrorBodyReader } from '../shared/error-body.handler';
import type { WireError } from './responses-wire.types';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Reads OpenAI-style error bodies: `{ "error": { "message", "type", "param", "code" } }`; also
 * `{ "error": "text" }` and `{ "message": "text" }` from compatible servers. The code is `code`,
 * or `type` when `code` is null (e.g. `insufficient_quota`, `invalid_request_error`).
 */
export const readResponsesError: ErrorBodyReader = (body: unknown): ErrorBodyFields | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { error?: unknown; message?: unknown; code?: unknown };
  if (typeof b.error === 'string') return { message: b.error };
  if (typeof b.error === 'object' && b.error !== null) {
    const e = b.error as { message?: unknown; code?: unknown; type?: unknown };
    const code = str(e.code) ?? str(e.type) ?? (typeof e.code === 'number' ? String(e.code) : undefined);
    return { code, message: str(e.message) };
  }
  if (typeof b.message === 'string') return { message: b.message, code: str(b.code) };
  return undefined;
};

/**
 * Turns an `error` stream event into a typed error: with its HTTP `status` (WebSocket mode) like
 * an HTTP error body, else from its code alone.
 */
export function errorFromResponsesEvent(provider: string, error: WireError | null | undefined, status: number | undefined): ChatError {
  if (typeof status === 'number' && status >= 400) {
    return errorFromHttp({ provider, status, code: str(error?.code) ?? str(error?.type), message: str(error?.message) });
  }
  return errorFromResponsesFailure(provider, error);
}

/**
 * Turns an in-stream failure (an `error` event, or `response.failed` / a failed response body)
 * into a typed error. The HTTP status was 200, so the class comes from the code alone.
 */
export function errorFromResponsesFailure(provider: string, error: WireError | null | undefined, usage?: Usage): ChatError {
  const code = str(error?.code) ?? str(error?.type);
  const providerMessage = str(error?.message);
  const text = `${code ?? ''} ${providerMessage ?? ''}`;
  const summary = `${code ? ` (${code})` : ''}${providerMessage ? `: ${providerMessage}` : ''}`;
  const options = { provider, code, providerMessage, usage };
  if (/insufficient_quota|quota_exceeded|billing/i.test(code ?? '')) {
    return new QuotaExceededError(`${provider} quota exhausted${summary}`, options);
  }
  if (/rate_limit/i.test(code ?? '')) return new RateLimitError(`${provider} rate limit${summary}`, options);
  if (/context_length|context window|maximum context/i.test(text)) {
    return new ContextLengthExceededError(`${provider}: the conversation exceeds the model's context${summary}`, options);
  }
  if (/content_policy|content_filter|safety|bio_policy|moderation/i.test(code ?? '')) {
    return new ContentFilterError(`${provider} filtered the content${summary}`, options);
  }
  if (/overloaded|capacity/i.test(text)) return new ProviderOverloadedError(`${provider} is overloaded${summary}`, options);
  if (/^(invalid|image_|unsupported|empty_|failed_to_download|data_residency)/i.test(code ?? '')) {
    return new InvalidRequestError(`${provider} rejected the request${summary}`, options);
  }
  return new ServerError(`${provider} failed to generate a response${summary}`, options);
}
