import type { Clock } from '../../core/clock.types';
import { systemClock } from '../../core/system.clock';
import { TimeoutError } from '../../errors/timeout.error';
import type { TransportRequest } from '../../transport/transport.types';

/** Default whole-request timeout: 10 minutes (as openai-node), for requests that set none. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;

/** The timeout a request runs under: its own, else the default; `0` or `Infinity` means none. */
export function requestTimeoutOf(request: TransportRequest): number | undefined {
  const ms = request.timeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return ms > 0 && Number.isFinite(ms) ? ms : undefined;
}

/** The typed error of a request that outlived its timeout. */
export function requestTimeoutError(provider: string, ms: number): TimeoutError {
  return new TimeoutError(`${provider} request got no answer within ${ms} ms`, { provider, kind: 'request' });
}

/**
 * Runs `send` under the request's whole-request timeout ({@link DEFAULT_REQUEST_TIMEOUT_MS} unless
 * `request.timeout` says otherwise), timed by `clock` (a `VirtualClock` in tests), not by the
 * transport's own timer: when it expires, the request is aborted and the call fails with a
 * `TimeoutError` of kind `request`. The caller's signal still aborts it. On the system clock the
 * transport's own timer enforces `timeout` (NodeHttpTransport and AxiosTransport map it to a `TimeoutError`).
 */
export async function withRequestDeadline<T>(request: TransportRequest, clock: Clock | undefined, send: (request: TransportRequest) => Promise<T>): Promise<T> {
  const ms = requestTimeoutOf(request);
  const caller = request.signal;
  if (ms === undefined || caller?.aborted) return send(request);
  // On the real clock the transport enforces `timeout` with its socket timer, which costs far less
  // per request than a controller, a timer and a race; an injected clock times it here instead.
  if (clock === undefined || clock === systemClock) return send(request.timeout === ms ? request : { ...request, timeout: ms });
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  let timedOut = false;
  let cancel: () => void = () => undefined;
  const deadline = new Promise<never>((_, reject) => {
    cancel = (clock ?? systemClock).setTimer(() => {
      timedOut = true;
      reject(requestTimeoutError(request.provider, ms));
      controller.abort();
    }, ms);
  });
  try {
    return await Promise.race([send({ ...request, signal: controller.signal }), deadline]);
  } catch (error) {
    if (timedOut) throw requestTimeoutError(request.provider, ms);
    throw error;
  } finally {
    cancel();
    caller?.removeEventListener('abort', onCallerAbort);
  }
}
