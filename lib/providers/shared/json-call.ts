import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { Transport, TransportRequest } from '../../transport/transport.types';
import { summariseBody } from './body.summary';
import { errorFromResponse, type ErrorBodyReader } from './error-body.handler';

/**
 * Sends a request and returns the parsed JSON body. Error statuses become typed errors through the
 * provider's body reader; an empty, truncated or non-JSON success body is an `InvalidResponseError`.
 */
export async function callJson<T>(transport: Transport, request: TransportRequest, readError: ErrorBodyReader): Promise<T> {
  const res = await transport.request(request);
  if (res.status >= 400) throw errorFromResponse(request.provider, res, readError);
  if (res.body.trim() === '') {
    throw new InvalidResponseError(`${request.provider} returned an empty body (HTTP ${res.status})`, {
      provider: request.provider,
      status: res.status,
      retryable: true,
    });
  }
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new InvalidResponseError(
      `${request.provider} returned a body that is not valid JSON (HTTP ${res.status}): ${summariseBody(res.body)}`,
      { provider: request.provider, status: res.status, retryable: true },
    );
  }
}
