import type { ChatError, ChatErrorOptions } from './chat.error';
import { AuthenticationError } from './authentication.error';
import { ContentFilterError } from './content-filter.error';
import { ContextLengthExceededError } from './context-length-exceeded.error';
import { InvalidRequestError } from './invalid-request.error';
import { ProviderOverloadedError } from './provider-overloaded.error';
import { QuotaExceededError } from './quota-exceeded.error';
import { RateLimitError } from './rate-limit.error';
import { ServerError } from './server-error.error';
import { TimeoutError } from './timeout.error';
import { ChatError as BaseError } from './chat.error';

/** What a provider's error-body handler extracted from an HTTP error. */
export interface HttpErrorInfo {
  readonly provider: string;
  readonly status: number;
  /** Provider error code or type (`rate_limit_error`, `insufficient_quota`, `RESOURCE_EXHAUSTED`). */
  readonly code?: string;
  readonly message?: string;
  readonly retryAfterSeconds?: number;
}

const CONTEXT_PATTERNS = [
  /context[_ ]length/i,
  /maximum context/i,
  /context window/i,
  /too many tokens/i,
  /prompt is too long/i,
  /input token count.*exceeds/i,
  /exceeds the (?:maximum|max).*tokens/i,
];
const QUOTA_CODES = /insufficient_quota|quota_exceeded|billing|credit/i;
const OVERLOAD = /overloaded|unavailable|capacity/i;

/**
 * Maps an HTTP error to the chat-ts hierarchy, from status, the provider's code and message.
 * Providers extract `code`/`message` from their own bodies, then call this. `retryAfterSeconds`
 * is kept on every retryable status: 408, 409, 429, 5xx (503/529 overloads included).
 */
export function errorFromHttp(info: HttpErrorInfo): ChatError {
  const { provider, status, code, retryAfterSeconds } = info;
  const providerMessage = info.message;
  const summary = providerMessage ? `: ${providerMessage}` : '';
  const base: ChatErrorOptions = { provider, status, code, providerMessage };
  const text = `${code ?? ''} ${providerMessage ?? ''}`;

  if (status === 401 || status === 403) {
    return new AuthenticationError(`${provider} rejected the credentials (HTTP ${status})${summary}`, base);
  }
  if (QUOTA_CODES.test(code ?? '') || (status === 429 && /quota|billing|credit/i.test(providerMessage ?? '') && !/per minute|rate/i.test(providerMessage ?? ''))) {
    return new QuotaExceededError(`${provider} quota exhausted (HTTP ${status})${summary}`, base);
  }
  if (status === 429) {
    return new RateLimitError(`${provider} rate limit (HTTP 429)${summary}`, { ...base, retryAfterSeconds });
  }
  if (status === 529 || (status === 503 && OVERLOAD.test(text)) || /overloaded/i.test(code ?? '')) {
    return new ProviderOverloadedError(`${provider} is overloaded (HTTP ${status})${summary}`, { ...base, retryAfterSeconds });
  }
  if (status === 408 || status === 504) {
    return new TimeoutError(`${provider} timed out (HTTP ${status})${summary}`, { ...base, retryAfterSeconds });
  }
  if (status >= 500) {
    return new ServerError(`${provider} server error (HTTP ${status})${summary}`, { ...base, retryAfterSeconds });
  }
  if (CONTEXT_PATTERNS.some((p) => p.test(text))) {
    return new ContextLengthExceededError(`${provider}: the conversation exceeds the model's context${summary}`, base);
  }
  if (/content[_ ]?filter|content_policy|safety|moderation/i.test(code ?? '')) {
    return new ContentFilterError(`${provider} filtered the content (HTTP ${status})${summary}`, base);
  }
  if (status === 409) {
    return new BaseError(`${provider} conflict (HTTP 409)${summary}`, { ...base, retryable: true, retryAfterSeconds });
  }
  return new InvalidRequestError(`${provider} rejected the request (HTTP ${status})${summary}`, base);
}
