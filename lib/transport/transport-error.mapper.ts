import { AbortedError } from '../errors/aborted.error';
import type { ChatError } from '../errors/chat.error';
import { NetworkError } from '../errors/network.error';
import { TimeoutError } from '../errors/timeout.error';
import type { TransportRequest } from './transport.types';

/**
 * Turns what an HTTP client threw (an axios or node:http error) into a typed error; keeps no
 * request config (it holds the API key).
 */
export function transportError(error: unknown, request: TransportRequest): ChatError {
  const e = error as { code?: string; message?: string; name?: string };
  const code = e?.code;
  const detail = new Error(`${code ?? e?.name ?? 'Error'}: ${e?.message ?? String(error)}`);
  const opts = { provider: request.provider, code, cause: detail };
  if (request.signal?.aborted || code === 'ERR_CANCELED' || e?.name === 'CanceledError' || e?.name === 'AbortError') {
    return new AbortedError(`${request.provider} request aborted`, opts);
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new TimeoutError(`${request.provider} request timed out after ${request.timeout ?? '?'} ms`, { ...opts, kind: 'request' });
  }
  return new NetworkError(`${request.provider} connection failed (${code ?? e?.message ?? 'unknown error'})`, opts);
}
