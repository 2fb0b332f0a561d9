import type { Clock } from '../../core/clock.types';

/** Options of {@link SocketPool}. */
export interface SocketPoolOptions {
  /** Max sockets per URL + headers (open or opening). */
  readonly poolSize: number;
  /** An unused socket is closed after this long, ms. */
  readonly idleCloseMs: number;
  /** Ping interval, ms (0 disables); a socket that has not answered the previous ping is dropped. */
  readonly pingIntervalMs: number;
  /** Upgrade timeout, ms. */
  readonly connectTimeoutMs: number;
  /** Further connect attempts after a failed one (network errors, timeouts, 5xx; never 401/403/429). */
  readonly reconnectAttempts: number;
  /** First backoff delay, ms; doubles per attempt. */
  readonly reconnectDelayMs: number;
  /** A socket older than this is not lent again (servers cap connection lifetimes), ms. */
  readonly maxSocketAgeMs: number;
  /** Headers of every upgrade request. */
  readonly headers: Readonly<Record<string, string>>;
  readonly clock: Clock;
}

/** What one response listens to on its socket. */
export interface SocketListener {
  message(data: string): void;
  /** The socket closed (by the server, the network, or a missed pong). */
  close(code: number): void;
}

/** What {@link SocketPool.acquire} is asked for. */
export interface AcquireOptions {
  /** Provider id, for typed errors. */
  readonly provider: string;
  readonly signal?: AbortSignal;
  /** Prefer the idle socket that produced this response id (where the server holds the chain's state). */
  readonly affinity?: string;
}

/** A socket lent to one response at a time. */
export interface PooledSocket {
  /** How many responses this socket served before (0 = a fresh socket: server-side state is empty). */
  readonly served: number;
  /** Id of the socket within its pool (changes when it is replaced). */
  readonly id: number;
  /** Sends one text message; a failed send shows up as the listener's `close`. */
  send(data: string): void;
  listen(listener: SocketListener): void;
  /** Records a response id produced on this socket: requests chaining from it prefer this socket. */
  remember(responseId: string): void;
  /** Gives the socket back (or closes it when `broken`: e.g. a response is still running on it). */
  release(broken: boolean): void;
}
