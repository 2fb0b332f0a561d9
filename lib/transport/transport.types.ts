import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { JsonValue } from '../core/json.types';

/** One HTTP (or socket) request, as a provider asks for it. */
export interface TransportRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body (serialised by the transport) or a raw string. */
  readonly body?: JsonValue | string;
  readonly signal?: AbortSignal;
  /**
   * Streams: the signal has to abort the request only until the response arrives (the caller ends
   * the body by destroying it), so the transport may let go of the signal then, and an open stream
   * holds no listener on it. Default false: the signal aborts the body too.
   */
  readonly signalUntilResponse?: boolean;
  /** Whole-request timeout in ms (for streams: until the response headers arrive). */
  readonly timeout?: number;
  /** Message transports: longest silence while a response runs, ms (HTTP transports ignore it; stream readers time their bodies). */
  readonly idleTimeout?: number;
  /** Provider id, for typed errors. */
  readonly provider: string;
}

/** A whole response. The transport never throws for an HTTP status: the provider maps error bodies. */
export interface TransportResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body text (possibly empty or truncated: the provider checks it). */
  readonly body: string;
}

/** A streamed response: status and headers, then the body bytes. */
export interface TransportStream {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Body bytes. Destroying it closes the connection. */
  readonly body: Readable;
}

/**
 * A response in flight on a message transport that the provider keeps talking to (see
 * `Transport.duplex`): e.g. `response.steer` sent while a Responses API response streams.
 */
export interface MessageChannel {
  /** Sends one more message on the socket of the exchange. False when there is no socket yet, or the exchange ended. */
  send(message: JsonValue): boolean;
  /** Ends the exchange: its Observable completes and the socket goes back to the pool. */
  end(): void;
}

/**
 * How providers reach their servers. `NodeHttpTransport` is the default; pass one instance to several
 * builders with `.withTransport(t)` to share one connection pool. Transports throw only typed
 * chat-ts errors: `NetworkError`, `TimeoutError`, `AbortedError`.
 */
export interface Transport {
  /** Request/response. */
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Request with a streamed body (SSE, NDJSON). */
  stream(request: TransportRequest): Promise<TransportStream>;
  /**
   * Message-oriented transports (WebSocket): sends the body as one message and emits each JSON
   * message received until the provider unsubscribes. HTTP transports leave it undefined.
   */
  events?(request: TransportRequest): Observable<JsonValue>;
  /**
   * Message transports that let a provider talk to a response in flight: like `events`, but the
   * exchange does not end at a terminal event. `open` receives, at subscription, the channel to
   * send more messages on the same socket and to end the exchange (`channel.end()` completes the
   * Observable and frees the socket). Unsubscribing before that closes the socket (the response
   * may still be running). Optional; HTTP transports leave it undefined.
   */
  duplex?(request: TransportRequest, open: (channel: MessageChannel) => void): Observable<JsonValue>;
  /** Closes pooled connections or sockets. */
  dispose?(): Promise<void>;
}
