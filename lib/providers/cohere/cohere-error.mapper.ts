import type { ChatError } from '../../errors/chat.error';
import { AuthenticationError } from '../../errors/authentication.error';
import { ContextLengthExceededError } from '../../errors/context-length-exceeded.error';
import { QuotaExceededError } from '../../errors/quota-exceeded.error';
import type { TransportResponse } from '../../transport/transport.types';
import { errorFromResponse, type ErrorBodyReader } from '../shared/error-body.handler';
import { COHERE_PROVIDER_ID } from './cohere-request.mapper';

/** Cohere error bodies: `{ "id": "...", "message": "..." }`. */
export const readCohereError: ErrorBodyReader = (body) => {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? { message } : undefined;
};

const TOO_LONG = /too many tokens|prompt is too long|exceeds? the (model'?s )?(maximum )?context/i;

/**
 * Types Cohere's documented error statuses: 402 (payment required) as `QuotaExceededError`, 498
 * (invalid token) as `AuthenticationError`, a 400/422 "too many tokens" as
 * `ContextLengthExceededError`; every other status as for any HTTP provider (429 rate limit, 5xx
 * server errors, ...).
 */
export function mapCohereError(res: TransportResponse): ChatError {
  const error = errorFromResponse(COHERE_PROVIDER_ID, res, readCohereError);
  const options = { provider: COHERE_PROVIDER_ID, status: res.status, providerMessage: error.providerMessage };
  const said = error.providerMessage ? `: ${error.providerMessage}` : '';
  if (res.status === 402) return new QuotaExceededError(`${COHERE_PROVIDER_ID} needs a payment method or more credit (HTTP 402)${said}`, options);
  if (res.status === 498) return new AuthenticationError(`${COHERE_PROVIDER_ID} rejected the API key (HTTP 498)${said}`, options);
  if ((res.status === 400 || res.status === 422) && TOO_LONG.test(error.providerMessage ?? '')) {
    return new ContextLengthExceededError(`${COHERE_PROVIDER_ID}: the conversation exceeds the model's context${said}`, options);
  }
  return error;
}
