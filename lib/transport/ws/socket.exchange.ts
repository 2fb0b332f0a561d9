import type { Subscriber } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { JsonValue } from '../../core/json.types';
import { AbortedError } from '../../errors/aborted.error';
import { ChatError } from '../../errors/chat.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { NetworkError } from '../../errors/network.error';
import { TimeoutError } from '../../errors/timeout.error';
import type { SocketPool } from './socket.pool';
import type { PooledSocket } from './socket-pool.types';

/** What one exchange (one response on a pooled socket) needs. */
export interface ExchangeSpec {
  readonly pool: SocketPool;
  readonly clock: Clock;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly provider: string;
  /** The message that starts the response. */
  readonly payload: string;
  /** The response id this request chains from (prefers the socket that produced it). */
  readonly affinity?: string;
  /** Longest silence while the response runs, ms. */
  readonly idleTimeoutMs: number;
  /** Ends the exchange at this event; absent for a duplex exchange, which the provider ends with `end()`. */
  readonly isTerminal?: (event: JsonValue) => boolean;
  /** The id of the response an event announces (`response.created`), if any. */
  readonly responseIdOf: (event: JsonValue) => string | undefined;
  readonly signal?: AbortSignal;
}

/**
 * One response on a pooled socket: acquires a socket, sends the start message, emits every JSON
 * message up to the terminal event, then gives the socket back. A reused socket that closes
 * before the first answer (the server closed it between turns) is replaced and the message sent
 * again, once. Silence beyond the idle timeout, a close mid-response, a non-JSON message and an
 * abort end it with typed errors; the socket is then closed, never lent with a response running.
 * A duplex exchange (no `isTerminal`) keeps the socket until `end()`, and `post()` sends more
 * messages on it meanwhile (e.g. `response.steer`).
 */
export class SocketExchange {
  private socket?: PooledSocket;
  private done = false;
  private answered = false;
  private replaced = false;
  private lastMessage = 0;
  private cancelTimer?: () => void;
  private readonly acquisition = new AbortController();

  constructor(
    private readonly spec: ExchangeSpec,
    private readonly subscriber: Subscriber<JsonValue>,
  ) {}

  start(): void {
    const { signal } = this.spec;
    if (signal?.aborted) return this.fail(this.aborted());
    signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.send();
  }

  /** Sends one more message on the exchange's socket; false when there is none yet or the exchange ended. */
  post(data: string): boolean {
    if (this.done || !this.socket) return false;
    this.socket.send(data);
    return true;
  }

  /** The provider ends a duplex exchange: the subscriber completes, the socket goes back to the pool. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.cleanup();
    this.acquisition.abort();
    this.socket?.release(false);
    this.subscriber.complete();
  }

  /** The subscriber left: stop reading; a response still running closes its socket. */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.cleanup();
    this.acquisition.abort();
    this.socket?.release(true);
  }

  private readonly onAbort = (): void => this.fail(this.aborted());

  private aborted(): AbortedError {
    return new AbortedError(`${this.spec.provider} request aborted`, { provider: this.spec.provider });
  }

  private async send(): Promise<void> {
    const { pool, url, headers, provider, affinity } = this.spec;
    let socket: PooledSocket;
    try {
      socket = await pool.acquire(url, headers, { provider, signal: this.acquisition.signal, affinity });
    } catch (error) {
      if (this.done) return;
      return this.fail(error instanceof ChatError ? error : new NetworkError(`${provider} socket failed`, { provider }));
    }
    if (this.done) return socket.release(false);
    this.socket = socket;
    this.answered = false;
    socket.listen({ message: (data) => this.onMessage(data), close: (code) => this.onClose(socket, code) });
    this.lastMessage = this.spec.clock.now();
    this.arm(this.spec.idleTimeoutMs);
    socket.send(this.spec.payload);
  }

  private onMessage(data: string): void {
    if (this.done) return;
    this.answered = true;
    this.lastMessage = this.spec.clock.now();
    let event: JsonValue;
    try {
      event = JSON.parse(data) as JsonValue;
    } catch {
      return this.fail(new InvalidResponseError(`${this.spec.provider} sent a socket message that is not JSON`, { provider: this.spec.provider }));
    }
    const id = this.spec.responseIdOf(event);
    if (id) this.socket?.remember(id);
    if (this.spec.isTerminal?.(event)) {
      // Free the socket before the subscriber sees the last event: it may unsubscribe right away.
      this.done = true;
      this.cleanup();
      this.socket?.release(false);
      this.subscriber.next(event);
      this.subscriber.complete();
      return;
    }
    this.subscriber.next(event);
  }

  private onClose(socket: PooledSocket, code: number): void {
    if (this.done || socket !== this.socket) return;
    this.socket = undefined;
    socket.release(true);
    if (!this.answered && socket.served > 0 && !this.replaced) {
      // A reused socket closed under the message: the server had dropped it; send on a new one.
      this.replaced = true;
      this.cancelTimer?.();
      return void this.send();
    }
    const when = this.answered ? 'mid-response' : 'before answering';
    this.fail(new NetworkError(`${this.spec.provider} socket closed ${when} (code ${code})`, { provider: this.spec.provider, code: String(code) }));
  }

  private arm(delay: number): void {
    this.cancelTimer = this.spec.clock.setTimer(() => {
      if (this.done) return;
      const quiet = this.spec.clock.now() - this.lastMessage;
      const idle = this.spec.idleTimeoutMs;
      if (quiet >= idle) {
        this.fail(new TimeoutError(`${this.spec.provider} socket sent nothing for ${idle} ms`, { provider: this.spec.provider, kind: 'idle' }));
      } else this.arm(idle - quiet);
    }, delay);
  }

  private fail(error: ChatError): void {
    if (this.done) return;
    this.done = true;
    this.cleanup();
    this.acquisition.abort();
    this.socket?.release(true);
    this.subscriber.error(error);
  }

  private cleanup(): void {
    this.cancelTimer?.();
    this.spec.signal?.removeEventListener('abort', this.onAbort);
  }
}
