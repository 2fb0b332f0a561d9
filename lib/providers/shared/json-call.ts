import type { Clock } from '../../core/clock.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { Transport, TransportRequest } from '../../transport/transport.types';
import { summariseBody } from './body.summary';
import type { ChatError } from '../../errors/chat.error';
import type { TransportResponse } from '../../transport/transport.types';
import { errorFromResponse, type ErrorBodyReader } from './error-body.handler';
import { withRequestDeadline } from './request-deadline';

/**
 * Sends a request and returns the parsed JSON body. Error statuses become typed errors through the
 * provider's body reader; an empty, truncated or non-JSON success body is an `InvalidResponseError`.
 * The whole request runs under `request.timeout` (default 10 minutes; `0` for none), timed by
 * `clock`: a server that accepts the request and never answers fails with a `TimeoutError`
 * (kind `request`) instead of hanging. `mapError`, when given, maps error responses instead of `readError`.
 */
export async function callJson<T>(
  transport: Transport,
  request: TransportRequest,
  readError: ErrorBodyReader,
  clock?: Clock,
  mapError?: (res: TransportResponse) => ChatError,
): Promise<T> {
  const res = await withRequestDeadline(request, clock, (req) => transport.request(req));
  if (res.status >= 400) throw mapError ? mapError(res) : errorFromResponse(request.provider, res, readError);
  if (res.body.trim() === '') {
    throw new InvalidResponseError(`${request.provider} returned an empty body (HTTP ${res.status})`, {
      provider: request.provider,
      status: res.status,
    });
  }
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new InvalidResponseError(
      `${request.provider} returned a body that is not valid JSON (HTTP ${res.status}): ${summariseBody(res.body)}`,
      { provider: request.provider, status: res.status },
    );
  }
}
