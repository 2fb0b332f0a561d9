import { Observable, type Subscriber, type Unsubscribable } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import { systemClock } from '../../core/system.clock';
import { AbortedError } from '../../errors/aborted.error';
import { ChatError } from '../../errors/chat.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { NetworkError } from '../../errors/network.error';
import { TimeoutError } from '../../errors/timeout.error';
import { NdjsonParser } from '../../transport/ndjson.parser';
import { SseParser, type SseEvent } from '../../transport/sse.parser';
import type { Readable } from 'node:stream';
import type { Transport, TransportRequest, TransportResponse, TransportStream } from '../../transport/transport.types';
import { errorFromResponse, type ErrorBodyReader } from './error-body.handler';
import { idleSweep, type SweptStream } from './idle-sweep';
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
 * (`TimeoutError` of kind `request`); after them, only the idle timeout. On the system clock both
 * are checked by one process-wide sweep (see `idleSweep`), not by timers of each stream.
 */
export function streamWire<E, T>(options: StreamWireOptions<E, T>): Observable<T> {
  return new Observable<T>((subscriber: Subscriber<T>) => new WireStream(options, subscriber).start());
}

/**
 * One subscription of {@link streamWire}: one object (it is the caller-signal listener, the swept
 * stream, the parser's event sink and the teardown), so an open stream holds little besides its
 * socket. Once the response headers arrive it lets go of the options (the request, its body and
 * headers): what it still needs is copied into its own fields.
 */
class WireStream<E, T> implements SweptStream {
  lastActivity: number;
  readonly idleMs: number;
  deadlineAt = Infinity;
  private finished = false;
  private options: StreamWireOptions<E, T> | undefined;
  private readonly provider: string;
  private readonly clock: Clock;
  /** The caller's signal (its listener is removed at the end). */
  private readonly callerSignal: AbortSignal | undefined;
  /** Aborts the request until its response arrives (then destroying the body ends the stream). */
  private controller: AbortController | undefined;
  private body?: Readable;
  private mapper?: WireStreamMapper<E, T>;
  /** Emits a mapped event (one closure per stream, created with the response). */
  private next?: (value: T) => void;
  /** The whole-request timeout until the headers, ms. */
  private deadlineMs?: number;
  /** Cancels the per-stream timers of an injected clock (undefined on the system clock, which the sweep times). */
  private cancelTimers?: () => void;
  private cancelDeadline?: () => void;

  constructor(
    options: StreamWireOptions<E, T>,
    private readonly subscriber: Subscriber<T>,
  ) {
    this.options = options;
    this.provider = options.request.provider;
    this.clock = options.clock ?? systemClock;
    this.callerSignal = options.request.signal;
    this.idleMs = options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.lastActivity = this.clock.now();
  }

  start(): Unsubscribable | undefined {
    const { request, transport } = this.options!;
    const caller = this.callerSignal;
    if (caller?.aborted) {
      this.subscriber.error(new AbortedError(`${this.provider} request aborted`, { provider: this.provider }));
      return undefined;
    }
    caller?.addEventListener('abort', this);
    this.watchTime(requestTimeoutOf(request));
    this.controller = new AbortController();
    transport
      .stream({ ...request, signal: this.controller.signal, signalUntilResponse: true })
      .then((res) => this.onResponse(res))
      .catch((error: unknown) => this.fail(error));
    return this;
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    if (this.finished) return;
    if (this.controller) this.controller.abort(this.callerSignal?.reason);
    else this.fail(new AbortedError(`${this.provider} request aborted`, { provider: this.provider }));
  }

  /** Teardown: unsubscribing aborts the request. */
  unsubscribe(): void {
    if (this.finished) return;
    this.finished = true;
    this.controller?.abort();
    this.cleanup();
  }

  expire(kind: 'idle' | 'request'): void {
    // fail first: aborting emits the body's 'error' synchronously, which would report an abort
    if (kind === 'idle') this.fail(new TimeoutError(`${this.provider} stream sent nothing for ${this.idleMs} ms`, { provider: this.provider, kind: 'idle' }));
    else this.fail(requestTimeoutError(this.provider, this.deadlineMs ?? 0));
    this.controller?.abort();
  }

  private watchTime(deadline: number | undefined): void {
    const clock = this.clock;
    this.deadlineMs = deadline;
    if (clock === systemClock) {
      if (deadline !== undefined) this.deadlineAt = this.lastActivity + deadline;
      idleSweep.watch(this);
      return;
    }
    let cancelIdle: () => void = () => undefined;
    const armIdle = (delay: number): void => {
      cancelIdle = clock.setTimer(() => {
        const quiet = clock.now() - this.lastActivity;
        if (quiet >= this.idleMs) this.expire('idle');
        else if (!this.finished) armIdle(this.idleMs - quiet);
      }, delay);
    };
    armIdle(this.idleMs);
    if (deadline !== undefined) {
      this.cancelDeadline = clock.setTimer(() => this.expire('request'), deadline);
    }
    this.cancelTimers = () => {
      cancelIdle();
      this.cancelDeadline?.();
    };
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.cleanup();
    this.subscriber.error(wrapError(error, this.provider));
  }

  private cleanup(): void {
    if (this.cancelTimers) this.cancelTimers();
    else idleSweep.unwatch(this);
    this.callerSignal?.removeEventListener('abort', this);
    if (this.body) this.body.destroy();
  }

  /** One wire event from the parser (called with the stream as `this`: no closure per stream). */
  private onWireEvent(event: unknown): void {
    if (this.finished) return;
    try {
      this.mapper!.onEvent(event as E, this.next!);
    } catch (error) {
      this.fail(error);
    }
  }

  private onResponse(res: TransportStream): void {
    this.deadlineAt = Infinity;
    this.cancelDeadline?.();
    if (this.finished) return void res.body.destroy();
    if (res.status >= 400) return void this.failWithBody(res);
    const options = this.options!;
    // the request (body, headers) is no longer needed; destroying the body now ends the stream
    this.options = undefined;
    this.controller = undefined;
    this.body = res.body;
    const subscriber = this.subscriber;
    this.mapper = options.mapper();
    this.next = (value: T): void => subscriber.next(value);
    const framing = options.framing;
    const parser: FrameParser =
      typeof framing === 'function'
        ? framing((event) => this.onWireEvent(event))
        : framing === 'sse'
          ? new SseParser<WireStream<E, T>>(WireStream.prototype.onWireEvent, this)
          : new NdjsonParser<WireStream<E, T>>(WireStream.prototype.onWireEvent, this);
    const clock = this.clock;
    res.body.on('data', (chunk: Buffer) => {
      this.lastActivity = clock.now();
      try {
        parser.push(chunk); // a binary framing's parser throws on a corrupt frame
      } catch (error) {
        this.fail(error);
      }
    });
    res.body.on('end', () => {
      if (this.finished) return;
      try {
        parser.end();
        if (this.finished) return;
        this.mapper!.onEnd(this.next!);
        this.finished = true;
        this.cleanup();
        subscriber.complete();
      } catch (error) {
        this.fail(error);
      }
    });
    res.body.on('error', (error: Error & { code?: string }) => {
      if (this.finished) return;
      this.fail(new NetworkError(`${this.provider} stream was cut (${error.code ?? error.message})`, { provider: this.provider, code: error.code }));
    });
  }

  /** An error status: reads the whole body and fails with the typed error it maps to. */
  private async failWithBody(res: TransportStream): Promise<void> {
    const provider = this.provider;
    const options = this.options!;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of res.body) chunks.push(Buffer.from(chunk as Buffer));
    } catch (error) {
      const code = (error as { code?: string })?.code;
      return this.fail(new NetworkError(`${provider} error response was cut (HTTP ${res.status})`, { provider, status: res.status, code }));
    }
    const whole = { ...res, body: Buffer.concat(chunks).toString('utf8') };
    this.fail(options.mapError ? options.mapError(whole) : errorFromResponse(provider, whole, options.readError));
  }
}
