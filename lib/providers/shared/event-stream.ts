import { Observable, type Subscriber } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import { systemClock } from '../../core/system.clock';
import { AbortedError } from '../../errors/aborted.error';
import { ChatError } from '../../errors/chat.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { NetworkError } from '../../errors/network.error';
import { TimeoutError } from '../../errors/timeout.error';
import { NdjsonParser } from '../../transport/ndjson.parser';
import { SseParser, type SseEvent } from '../../transport/sse.parser';
import type { Transport, TransportRequest, TransportResponse } from '../../transport/transport.types';
import { errorFromResponse, type ErrorBodyReader } from './error-body.handler';
import { requestTimeoutError, requestTimeoutOf } from './request-deadline';

/** Default stream idle timeout: a stream that sends no byte for this long fails with `TimeoutError`. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Receives raw wire events; emits mapped events through `next`; `end()` runs at the end of the body. */
export interface WireStreamMapper<E, T> {
  /** One wire event (an SSE event, or an NDJSON line). Throw a ChatError for error events. */
  onEvent(event: E, next: (value: T) => void): void;
  /** The body ended; emit the final events or throw if the stream was cut short. */
  onEnd(next: (value: T) => void): void;
}

/** Splits a streamed body into wire events (a binary framing such as AWS event streams): `push` each chunk, `end` at the end. */
export interface FrameParser {
  push(chunk: Buffer): void;
  end(): void;
}

/** Makes the {@link FrameParser} of one stream, handing each decoded event to `onEvent`. */
export type FrameParserFactory = (onEvent: (event: unknown) => void) => FrameParser;

/** Options of {@link streamWire}. */
export interface StreamWireOptions<E, T> {
  readonly transport: Transport;
  readonly request: TransportRequest;
  /** `sse`, `ndjson`, or a parser of the provider's own framing. */
  readonly framing: (E extends SseEvent ? 'sse' : 'ndjson') | FrameParserFactory;
  readonly readError: ErrorBodyReader;
  /** Maps error responses itself instead of `readError` (Gemini). */
  readonly mapError?: (res: TransportResponse) => ChatError;
  readonly mapper: () => WireStreamMapper<E, T>;
  readonly idleTimeout?: number;
  readonly clock?: Clock;
}

function wrapError(error: unknown, provider: string): ChatError {
  if (ChatError.is(error)) return error;
  if (error instanceof SyntaxError) {
    return new InvalidResponseError(`${provider} sent a malformed stream event: ${error.message}`, { provider });
  }
  return new InvalidResponseError(`${provider} stream could not be read: ${(error as Error)?.message ?? String(error)}`, {
    provider,
    cause: error,
  });
}

/**
 * A cold Observable over one streamed HTTP request: each subscription sends its own request;
 * unsubscribing aborts it; the caller's signal aborts it too; an idle stream, a reset and a
 * malformed event end it with typed errors naming the provider. Until the response headers
 * arrive, the request's whole-request timeout (`request.timeout`, default 10 minutes) applies too
 * (`TimeoutError` of kind `request`); after them, only the idle timeout.
 */
export function streamWire<E, T>(options: StreamWireOptions<E, T>): Observable<T> {
  const { transport, request, readError } = options;
  const provider = request.provider;
  const clock = options.clock ?? systemClock;
  const idle = options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS;

  return new Observable<T>((subscriber: Subscriber<T>) => {
    const controller = new AbortController();
    const callerSignal = request.signal;
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) {
      subscriber.error(new AbortedError(`${provider} request aborted`, { provider }));
      return;
    }
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let finished = false;
    let lastActivity = clock.now();
    let cancelTimer: (() => void) | undefined;
    let cancelDeadline: (() => void) | undefined;
    let body: NodeJS.ReadableStream & { destroy(): void } | undefined;

    const next = (value: T): void => subscriber.next(value);
    const fail = (error: unknown): void => {
      if (finished) return;
      finished = true;
      cleanup();
      subscriber.error(wrapError(error, provider));
    };
    const cleanup = (): void => {
      cancelTimer?.();
      cancelDeadline?.();
      callerSignal?.removeEventListener('abort', onCallerAbort);
      if (body) body.destroy();
    };
    const armIdle = (delay: number): void => {
      cancelTimer = clock.setTimer(() => {
        const quiet = clock.now() - lastActivity;
        if (quiet >= idle) {
          // fail first: aborting emits the body's 'error' synchronously, which would report an abort
          fail(new TimeoutError(`${provider} stream sent nothing for ${idle} ms`, { provider, kind: 'idle' }));
          controller.abort();
        } else if (!finished) armIdle(idle - quiet);
      }, delay);
    };
    armIdle(idle);
    const deadline = requestTimeoutOf(request);
    if (deadline !== undefined) {
      cancelDeadline = clock.setTimer(() => {
        fail(requestTimeoutError(provider, deadline));
        controller.abort();
      }, deadline);
    }

    transport
      .stream({ ...request, signal: controller.signal })
      .then(async (res) => {
        cancelDeadline?.();
        if (finished) return res.body.destroy();
        if (res.status >= 400) {
          const chunks: Buffer[] = [];
          try {
            for await (const chunk of res.body) chunks.push(Buffer.from(chunk as Buffer));
          } catch (error) {
            const code = (error as { code?: string })?.code;
            return fail(new NetworkError(`${provider} error response was cut (HTTP ${res.status})`, { provider, status: res.status, code }));
          }
          const whole = { ...res, body: Buffer.concat(chunks).toString('utf8') };
          return fail(options.mapError ? options.mapError(whole) : errorFromResponse(provider, whole, readError));
        }
        body = res.body;
        const mapper = options.mapper();
        const onEvent = (event: unknown): void => {
          if (finished) return;
          try {
            mapper.onEvent(event as E, next);
          } catch (error) {
            fail(error);
          }
        };
        const parser: FrameParser =
          typeof options.framing === 'function' ? options.framing(onEvent) : options.framing === 'sse' ? new SseParser(onEvent) : new NdjsonParser(onEvent);
        res.body.on('data', (chunk: Buffer) => {
          lastActivity = clock.now();
          try {
            parser.push(chunk); // a binary framing's parser throws on a corrupt frame
          } catch (error) {
            fail(error);
          }
        });
        res.body.on('end', () => {
          if (finished) return;
          try {
            parser.end();
            if (finished) return;
            mapper.onEnd(next);
            finished = true;
            cleanup();
            subscriber.complete();
          } catch (error) {
            fail(error);
          }
        });
        res.body.on('error', (error: Error & { code?: string }) => {
          if (controller.signal.aborted && !finished) return fail(new AbortedError(`${provider} request aborted`, { provider }));
          fail(new NetworkError(`${provider} stream was cut (${error.code ?? error.message})`, { provider, code: error.code }));
        });
      })
      .catch(fail);

    return () => {
      if (!finished) {
        finished = true;
        controller.abort();
        cleanup();
      }
    };
  });
}
