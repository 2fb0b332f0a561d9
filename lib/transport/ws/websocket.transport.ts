import { Observable } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { JsonValue } from '../../core/json.types';
import { systemClock } from '../../core/system.clock';
import { AbortedError } from '../../errors/aborted.error';
import { ChatError } from '../../errors/chat.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { NetworkError } from '../../errors/network.error';
import { TimeoutError } from '../../errors/timeout.error';
import { AxiosTransport } from '../axios.transport';
import type { Transport, TransportRequest, TransportResponse, TransportStream } from '../transport.types';
import { SocketPool, type PooledSocket } from './socket.pool';

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /** `type` of the message that starts a response (default `response.create`). */
  readonly messageType?: string;
  /** Extra headers of the upgrade request (the provider's own auth headers are added per request). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Max sockets per URL (default 4); further requests wait for a free socket. */
  readonly poolSize?: number;
  /** Close a socket idle this long, ms (default 60 s). */
  readonly idleCloseMs?: number;
  /** Ping interval of open sockets, ms (default 30 s; 0 disables). */
  readonly pingIntervalMs?: number;
  /** No message for this long during a response ends it with `TimeoutError`, ms (default 60 s). */
  readonly idleTimeoutMs?: number;
  /** Upgrade timeout, ms (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Reconnect attempts after a failed connect, with exponential backoff from 100 ms (default 2). */
  readonly reconnectAttempts?: number;
  /** Event types that end a response (default: response.completed/incomplete/failed, error). */
  readonly terminalEvents?: readonly string[];
  /** Body fields dropped before sending (transport-only fields; default `stream`, `background`). */
  readonly dropFields?: readonly string[];
  /** HTTP transport for request/response calls (embeddings, model lists); default a new AxiosTransport. */
  readonly http?: Transport;
  readonly clock?: Clock;
}

const TERMINAL = ['response.completed', 'response.incomplete', 'response.failed', 'error'];

/**
 * Carries JSON-event wires (the Responses API's "WebSocket mode") over persistent sockets: each
 * turn is one `response.create` message and its events come back on the same socket. Sockets are
 * pooled (one response in flight per socket), pinged, closed when idle and reconnected with
 * backoff. Needs the optional peer `ws`.
 *
 * @example
 * const ws = new WebSocketTransport();
 * const openai = new OpenAIBuilder().withModel('gpt-5-mini').withTransport(ws).build();
 */
export class WebSocketTransport implements Transport {
  private readonly pool: SocketPool;
  private readonly http: Transport;
  private readonly clock: Clock;
  private readonly terminal: ReadonlySet<string>;

  constructor(private readonly options: WebSocketTransportOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.http = options.http ?? new AxiosTransport();
    this.terminal = new Set(options.terminalEvents ?? TERMINAL);
    this.pool = new SocketPool({
      poolSize: options.poolSize ?? 4,
      idleCloseMs: options.idleCloseMs ?? 60_000,
      pingIntervalMs: options.pingIntervalMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      reconnectAttempts: options.reconnectAttempts ?? 2,
      headers: options.headers ?? {},
      clock: this.clock,
    });
  }

  /** Sockets open now (for metrics and tests). */
  get openSockets(): number {
    return this.pool.size;
  }

  request(request: TransportRequest): Promise<TransportResponse> {
    return this.http.request(request);
  }

  stream(request: TransportRequest): Promise<TransportStream> {
    return this.http.stream(request);
  }

  /** Sends the body as one message on a pooled socket; emits every JSON message of the response up to its terminal event. */
  events(request: TransportRequest): Observable<JsonValue> {
    const provider = request.provider;
    return new Observable<JsonValue>((subscriber) => {
      let socket: PooledSocket | undefined;
      let done = false;
      let last = this.clock.now();
      let cancelTimer: (() => void) | undefined;
      const idle = this.options.idleTimeoutMs ?? 60_000;

      const finish = (error?: ChatError): void => {
        if (done) return;
        done = true;
        cancelTimer?.();
        request.signal?.removeEventListener('abort', onAbort);
        if (socket) socket.release(error !== undefined);
        if (error) subscriber.error(error);
        else subscriber.complete();
      };
      const onAbort = (): void => finish(new AbortedError(`${provider} request aborted`, { provider }));
      if (request.signal?.aborted) return onAbort();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const arm = (delay: number): void => {
        cancelTimer = this.clock.setTimer(() => {
          const quiet = this.clock.now() - last;
          if (done) return;
          if (quiet >= idle) finish(new TimeoutError(`${provider} socket sent nothing for ${idle} ms`, { provider, kind: 'idle' }));
          else arm(idle - quiet);
        }, delay);
      };

      this.pool
        .acquire(toWsUrl(request.url), request.headers ?? {}, provider, request.signal)
        .then((s) => {
          if (done) return s.release(false);
          socket = s;
          last = this.clock.now();
          arm(idle);
          s.listen({
            message: (data) => {
              last = this.clock.now();
              let event: JsonValue;
              try {
                event = JSON.parse(data) as JsonValue;
              } catch {
                return finish(new InvalidResponseError(`${provider} sent a socket message that is not JSON`, { provider, retryable: true }));
              }
              subscriber.next(event);
              const type = (event as { type?: unknown } | null)?.type;
              if (typeof type === 'string' && this.terminal.has(type)) finish();
            },
            close: (code) => finish(new NetworkError(`${provider} socket closed mid-response (code ${code})`, { provider, code: String(code) })),
          });
          s.send(JSON.stringify(this.message(request.body)));
        })
        .catch((error: unknown) => finish(error instanceof ChatError ? error : new NetworkError(`${provider} socket failed: ${(error as Error)?.message}`, { provider })));

      return () => {
        if (!done) {
          done = true;
          cancelTimer?.();
          request.signal?.removeEventListener('abort', onAbort);
          // The response is still running on this socket: close it rather than hand it to another chat.
          socket?.release(true);
        }
      };
    });
  }

  async dispose(): Promise<void> {
    this.pool.closeAll();
    await this.http.dispose?.();
  }

  private message(body: TransportRequest['body']): JsonValue {
    const object = typeof body === 'string' ? (JSON.parse(body) as Record<string, JsonValue>) : { ...((body ?? {}) as Record<string, JsonValue>) };
    for (const field of this.options.dropFields ?? ['stream', 'background']) delete object[field];
    return { type: this.options.messageType ?? 'response.create', ...object };
  }
}

/** `http(s)://host/v1/responses` → `ws(s)://host/v1/responses`. */
export function toWsUrl(url: string): string {
  return url.replace(/^http(s?):\/\//, 'ws$1://');
}

