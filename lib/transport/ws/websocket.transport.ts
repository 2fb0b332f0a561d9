import { Observable } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { JsonValue } from '../../core/json.types';
import { systemClock } from '../../core/system.clock';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { registerSecret } from '../../errors/secret-registry';
import { NodeHttpTransport } from '../node-http.transport';
import { secretHeaders } from '../secret-headers';
import type { MessageChannel, Transport, TransportRequest, TransportResponse, TransportStream } from '../transport.types';
import { SocketExchange } from './socket.exchange';
import { SocketPool } from './socket.pool';

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /** `type` of the message that starts a response (default `response.create`). */
  readonly messageType?: string;
  /** Extra headers of every upgrade request (the provider's own auth headers are added per request). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Max sockets per URL + headers (default 4); further requests wait for a free socket. */
  readonly poolSize?: number;
  /** Close a socket unused this long, ms (default 60 s). */
  readonly idleCloseMs?: number;
  /** Ping interval of open sockets, ms (default 30 s; 0 disables). A socket that missed a pong is dropped. */
  readonly pingIntervalMs?: number;
  /** Default longest silence during a response, ms (default 60 s); a request's `idleTimeout` wins. */
  readonly idleTimeoutMs?: number;
  /** Upgrade timeout, ms (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Reconnect attempts after a failed connect (network, timeout, 5xx), with exponential backoff (default 2). */
  readonly reconnectAttempts?: number;
  /** First reconnect delay, ms, doubled per attempt (default 100). */
  readonly reconnectDelayMs?: number;
  /** Sockets older than this are replaced (OpenAI closes connections after 60 min), ms (default 55 min). */
  readonly maxSocketAgeMs?: number;
  /** Event types that end a response (default: response.completed/incomplete/failed, error). */
  readonly terminalEvents?: readonly string[];
  /** Body fields dropped before sending (transport-only fields; default `stream`, `background`). */
  readonly dropFields?: readonly string[];
  /** HTTP transport for request/response calls (embeddings, model lists); default a new NodeHttpTransport. */
  readonly http?: Transport;
  /** Clock of timeouts, idle close, pings and backoff (a `VirtualClock` in tests). */
  readonly clock?: Clock;
}

const TERMINAL = ['response.completed', 'response.incomplete', 'response.failed', 'error'];
const SECRET_HEADERS = /^(authorization|api-key|x-api-key)$/i;

function typeOf(event: JsonValue): unknown {
  return typeof event === 'object' && event !== null && !Array.isArray(event) ? event.type : undefined;
}

/** `response.created` carries the id of the response the socket now holds. */
function responseIdOf(event: JsonValue): string | undefined {
  if (typeOf(event) !== 'response.created') return undefined;
  const response = (event as { response?: { id?: unknown } }).response;
  return typeof response?.id === 'string' ? response.id : undefined;
}

function registerHeaderSecrets(headers: Readonly<Record<string, string>> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (SECRET_HEADERS.test(name)) registerSecret(value.replace(/^Bearer\s+/i, ''));
  }
}

/**
 * Carries JSON-event wires (the Responses API's "WebSocket mode") over persistent sockets: each
 * turn is one `response.create` message and its events come back on the same socket. Sockets are
 * pooled (one response in flight per socket, FIFO waiters beyond `poolSize`), pinged, closed when
 * idle, replaced when old, and reconnected with backoff; a chained request goes to the socket that
 * holds its previous response. `request()`/`stream()` go over HTTP. Needs the optional peer `ws`.
 * Authentication travels on the upgrade request; a refused upgrade is the typed error HTTP gives.
 *
 * @example
 * const ws = new WebSocketTransport({ poolSize: 8 });
 * const openai = new OpenAIBuilder().withModel('gpt-5-mini').withTransport(ws).build();
 * // ... a chat's tool loop runs over one socket; at shutdown:
 * await ws.dispose();
 */
export class WebSocketTransport implements Transport {
  private readonly pool: SocketPool;
  private readonly http: Transport;
  private readonly clock: Clock;
  private readonly terminal: ReadonlySet<string>;
  private readonly messageType: string;
  private readonly dropFields: readonly string[];
  private readonly idleTimeoutMs: number;

  constructor(options: WebSocketTransportOptions = {}) {
    registerHeaderSecrets(options.headers);
    this.clock = options.clock ?? systemClock;
    this.http = options.http ?? new NodeHttpTransport();
    this.terminal = new Set(options.terminalEvents ?? TERMINAL);
    this.messageType = options.messageType ?? 'response.create';
    this.dropFields = options.dropFields ?? ['stream', 'background'];
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.pool = new SocketPool({
      poolSize: options.poolSize ?? 4,
      idleCloseMs: options.idleCloseMs ?? 60_000,
      pingIntervalMs: options.pingIntervalMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      reconnectAttempts: options.reconnectAttempts ?? 2,
      reconnectDelayMs: options.reconnectDelayMs ?? 100,
      maxSocketAgeMs: options.maxSocketAgeMs ?? 55 * 60_000,
      headers: secretHeaders({ ...(options.headers ?? {}) }),
      clock: this.clock,
    });
  }

  /** Sockets open now (for metrics and tests). */
  get openSockets(): number {
    return this.pool.size;
  }

  /** Requests waiting for a free socket now. */
  get waitingRequests(): number {
    return this.pool.waiting;
  }

  request(request: TransportRequest): Promise<TransportResponse> {
    return this.http.request(request);
  }

  stream(request: TransportRequest): Promise<TransportStream> {
    return this.http.stream(request);
  }

  /**
   * Sends the body (minus `stream`/`background`, plus `type`) as one message on a pooled socket;
   * emits every JSON message of the response up to its terminal event. Cold: each subscription is
   * one response; unsubscribing stops reading (and closes that socket if its response still runs).
   */
  events(request: TransportRequest): Observable<JsonValue> {
    return this.exchange(request, (event) => {
      const type = typeOf(event);
      return typeof type === 'string' && this.terminal.has(type);
    });
  }

  /**
   * Like `events`, but the exchange stays open past terminal events until the provider calls
   * `channel.end()`; `channel.send()` writes more messages on the same socket meanwhile (the
   * Responses API's `response.steer`, and the continuation the server streams after it).
   * Unsubscribing before `end()` closes the socket.
   */
  duplex(request: TransportRequest, open: (channel: MessageChannel) => void): Observable<JsonValue> {
    return this.exchange(request, undefined, open);
  }

  /** Closes every socket (a response still running ends with a `NetworkError`) and the HTTP transport. */
  async dispose(): Promise<void> {
    this.pool.closeAll();
    await this.http.dispose?.();
  }

  /** Safe JSON form: settings without headers. */
  toJSON(): Record<string, unknown> {
    return { transport: 'websocket', messageType: this.messageType, openSockets: this.pool.size };
  }

  /** `util.inspect` shows counts only, never the upgrade headers. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `WebSocketTransport { messageType: '${this.messageType}', openSockets: ${this.pool.size}, waiting: ${this.pool.waiting} }`;
  }

  private exchange(request: TransportRequest, isTerminal: ((event: JsonValue) => boolean) | undefined, open?: (channel: MessageChannel) => void): Observable<JsonValue> {
    return new Observable<JsonValue>((subscriber) => {
      let message: { [key: string]: JsonValue };
      try {
        message = this.message(request.body, request.provider);
      } catch (error) {
        subscriber.error(error);
        return;
      }
      registerHeaderSecrets(request.headers);
      const exchange = new SocketExchange(
        {
          pool: this.pool,
          clock: this.clock,
          url: toWsUrl(request.url),
          headers: request.headers ?? {},
          provider: request.provider,
          payload: JSON.stringify(message),
          affinity: typeof message.previous_response_id === 'string' ? message.previous_response_id : undefined,
          idleTimeoutMs: request.idleTimeout ?? this.idleTimeoutMs,
          isTerminal,
          responseIdOf,
          signal: request.signal,
        },
        subscriber,
      );
      open?.({ send: (value) => exchange.post(JSON.stringify(value)), end: () => exchange.end() });
      exchange.start();
      return () => exchange.cancel();
    });
  }

  private message(body: TransportRequest['body'], provider: string): { [key: string]: JsonValue } {
    let parsed: JsonValue | undefined = body;
    if (typeof body === 'string') {
      try {
        parsed = JSON.parse(body) as JsonValue;
      } catch {
        parsed = undefined;
      }
    }
    if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) parsed = undefined;
    if (parsed === undefined && body !== undefined) {
      throw new InvalidRequestError(`${provider}: WebSocketTransport sends JSON object bodies only`, { provider });
    }
    const object: { [key: string]: JsonValue } = { ...((parsed ?? {}) as { [key: string]: JsonValue }) };
    for (const field of this.dropFields) delete object[field];
    delete object.type;
    return { type: this.messageType, ...object };
  }
}

/** `http(s)://host/v1/responses` → `ws(s)://host/v1/responses`. */
export function toWsUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, 'ws$1://');
}
