import { createHash } from 'node:crypto';
import type WebSocket from 'ws';
import { systemClock } from '../../core/system.clock';
import { AbortedError } from '../../errors/aborted.error';
import { ChatError } from '../../errors/chat.error';
import { NetworkError } from '../../errors/network.error';
import { openSocket } from './socket.connector';
import type { AcquireOptions, PooledSocket, SocketListener, SocketPoolOptions } from './socket-pool.types';

interface Entry {
  readonly ws: WebSocket;
  readonly id: number;
  readonly key: string;
  readonly openedAt: number;
  busy: boolean;
  served: number;
  lastUsed: number;
  lastResponseId?: string;
  listener?: SocketListener;
  awaitingPong: boolean;
  cancelIdle?: () => void;
  cancelPing?: () => void;
}

interface Waiter {
  readonly key: string;
  /** Wakes the waiter, handing it a socket (still marked busy) or just a free slot to look for. */
  readonly wake: (handed?: Entry) => void;
}

/** Sockets are pooled by URL + headers; the key is hashed so that no header (API key) is kept in it. */
function poolKey(url: string, headers: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(headers)
    .sort()
    .map((k) => [k.toLowerCase(), headers[k]]);
  return createHash('sha256').update(JSON.stringify([url, sorted])).digest('base64url');
}

const OPEN = 1;

/**
 * A bounded pool of WebSockets per URL + headers, one response in flight per socket. Requests
 * beyond the limit wait (FIFO) for a socket; idle sockets are unreferenced (they never keep the
 * process alive), pinged, closed after `idleCloseMs` or when older than `maxSocketAgeMs`; a
 * failed connect is retried with exponential backoff. Holds no header values outside the sockets.
 */
export class SocketPool {
  private readonly entries = new Set<Entry>();
  private readonly connecting = new Map<string, number>();
  private waiters: Waiter[] = [];
  private ids = 0;

  constructor(private readonly options: SocketPoolOptions) {}

  /** Sockets open now. */
  get size(): number {
    return this.entries.size;
  }

  /** Requests waiting for a socket now. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** A socket for one response: an idle one (the chain's own first), a new one under the limit, or the next one freed. */
  async acquire(url: string, headers: Readonly<Record<string, string>>, options: AcquireOptions): Promise<PooledSocket> {
    const key = poolKey(url, { ...this.options.headers, ...headers });
    for (;;) {
      if (options.signal?.aborted) {
        this.wakeOne(key); // a wake this request may have consumed goes to the next waiter
        throw new AbortedError(`${options.provider} request aborted`, { provider: options.provider });
      }
      const idle = this.idleEntry(key, options.affinity);
      if (idle) return this.lend(idle);
      if (this.count(key) < this.options.poolSize) {
        const entry = await this.connect(url, headers, key, options);
        if (options.signal?.aborted) {
          this.park(entry);
          continue; // throws above, and hands the new socket to a waiter
        }
        return this.lend(entry);
      }
      const handed = await this.wait(key, options.signal);
      if (!handed || !this.entries.has(handed)) continue; // a free slot (or a socket that died meanwhile): look again
      if (!options.signal?.aborted) return this.lend(handed);
      this.park(handed); // aborted meanwhile: the loop throws and passes the socket on
    }
  }

  /** Closes every socket (in-flight responses end with a `NetworkError`); waiters reconnect. */
  closeAll(): void {
    for (const entry of [...this.entries]) {
      const listener = entry.listener;
      this.drop(entry, 1001);
      listener?.close(1001);
    }
  }

  private count(key: string): number {
    let n = this.connecting.get(key) ?? 0;
    for (const e of this.entries) if (e.key === key) n++;
    return n;
  }

  private idleEntry(key: string, affinity: string | undefined): Entry | undefined {
    let best: Entry | undefined;
    for (const e of [...this.entries]) {
      if (e.key !== key || e.busy) continue;
      if (e.ws.readyState !== OPEN || this.expired(e)) {
        this.drop(e);
        continue;
      }
      if (affinity !== undefined && e.lastResponseId === affinity) return e;
      // Least recently used first: the socket most likely holding no live chain of another chat.
      if (!best || e.lastUsed < best.lastUsed) best = e;
    }
    return best;
  }

  private expired(entry: Entry): boolean {
    return this.options.clock.now() - entry.openedAt >= this.options.maxSocketAgeMs;
  }

  private wait(key: string, signal: AbortSignal | undefined): Promise<Entry | undefined> {
    return new Promise<Entry | undefined>((resolve) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(undefined); // the loop sees the abort and throws
      };
      const waiter: Waiter = {
        key,
        wake: (handed) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(handed);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wakeOne(key: string): void {
    const i = this.waiters.findIndex((w) => w.key === key);
    if (i >= 0) this.waiters.splice(i, 1)[0].wake();
  }

  private lend(entry: Entry): PooledSocket {
    entry.busy = true;
    entry.cancelIdle?.();
    entry.cancelIdle = undefined;
    refSocket(entry.ws, true);
    const served = entry.served++;
    let released = false;
    return {
      served,
      id: entry.id,
      send: (data) =>
        entry.ws.send(data, (error) => {
          if (!error || released) return;
          const listener = entry.listener;
          this.drop(entry);
          listener?.close(1006);
        }),
      listen: (listener) => {
        entry.listener = listener;
      },
      remember: (responseId) => {
        entry.lastResponseId = responseId;
      },
      release: (broken) => {
        if (released) return;
        released = true;
        entry.listener = undefined;
        if (broken || entry.ws.readyState !== OPEN || this.expired(entry)) return this.drop(entry);
        const next = this.waiters.findIndex((w) => w.key === entry.key);
        // Handed straight to the first waiter (FIFO): a newcomer cannot take it in between.
        if (next >= 0) this.waiters.splice(next, 1)[0].wake(entry);
        else this.park(entry);
      },
    };
  }

  /** An idle socket: unreferenced, closed after `idleCloseMs`. */
  private park(entry: Entry): void {
    entry.busy = false;
    entry.lastUsed = this.options.clock.now();
    refSocket(entry.ws, false);
    entry.cancelIdle?.();
    entry.cancelIdle = this.timer(() => this.drop(entry, 1000), this.options.idleCloseMs);
  }

  private drop(entry: Entry, code?: number): void {
    if (!this.entries.delete(entry)) return;
    entry.cancelIdle?.();
    entry.cancelPing?.();
    entry.ws.removeAllListeners();
    entry.ws.on('error', () => undefined);
    if (code !== undefined && entry.ws.readyState === OPEN) {
      entry.ws.close(code);
      this.timer(() => entry.ws.terminate(), 1_000); // a server that never answers the close
    } else entry.ws.terminate();
    this.wakeOne(entry.key);
  }

  private async connect(url: string, headers: Readonly<Record<string, string>>, key: string, options: AcquireOptions): Promise<Entry> {
    const settle = (): void => {
      const n = (this.connecting.get(key) ?? 1) - 1;
      if (n > 0) this.connecting.set(key, n);
      else this.connecting.delete(key);
    };
    this.connecting.set(key, (this.connecting.get(key) ?? 0) + 1);
    let ws: WebSocket;
    try {
      ws = await this.openWithRetries(url, { ...this.options.headers, ...headers }, options);
    } catch (error) {
      settle();
      this.wakeOne(key); // the slot is free again
      throw error instanceof ChatError ? error : new NetworkError(`${options.provider} socket failed`, { provider: options.provider });
    }
    settle();
    return this.adopt(ws, key);
  }

  private async openWithRetries(url: string, headers: Readonly<Record<string, string>>, options: AcquireOptions): Promise<WebSocket> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await openSocket({ url, headers, timeoutMs: this.options.connectTimeoutMs, provider: options.provider });
      } catch (error) {
        const e = error as ChatError;
        // 401/403 won't change by waiting, 429 is the retry policy's (Retry-After); the network and 5xx are ours.
        if (attempt >= this.options.reconnectAttempts || !e.isRetryable || e.status === 429) throw e;
      }
      try {
        await this.options.clock.sleep(this.options.reconnectDelayMs * 2 ** attempt, options.signal);
      } catch {
        throw new AbortedError(`${options.provider} request aborted`, { provider: options.provider });
      }
    }
  }

  private adopt(ws: WebSocket, key: string): Entry {
    const now = this.options.clock.now();
    const entry: Entry = { ws, id: ++this.ids, key, openedAt: now, busy: false, served: 0, lastUsed: now, awaitingPong: false };
    this.entries.add(entry);
    ws.on('message', (data: WebSocket.RawData) => entry.listener?.message(data.toString()));
    ws.on('pong', () => {
      entry.awaitingPong = false;
    });
    ws.on('error', () => undefined); // 'close' follows
    ws.on('close', (code: number) => {
      const listener = entry.listener;
      this.drop(entry);
      listener?.close(code);
    });
    if (this.options.pingIntervalMs > 0) {
      const tick = (): void => {
        if (entry.awaitingPong) return void entry.ws.terminate(); // dead peer: 'close' (1006) follows
        entry.awaitingPong = true;
        entry.ws.ping();
        entry.cancelPing = this.timer(tick, this.options.pingIntervalMs);
      };
      entry.cancelPing = this.timer(tick, this.options.pingIntervalMs);
    }
    return entry;
  }

  /** A timer on the pool's clock; on the system clock it never keeps the process alive. */
  private timer(fn: () => void, ms: number): () => void {
    if (this.options.clock !== systemClock) return this.options.clock.setTimer(fn, ms);
    const handle = setTimeout(fn, ms);
    handle.unref();
    return () => clearTimeout(handle);
  }

  /** Safe view for `util.inspect`: counts only. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SocketPool { open: ${this.entries.size}, waiting: ${this.waiters.length} }`;
  }
}

/** Idle sockets are unreferenced so that a pooled socket never keeps the process alive. */
function refSocket(ws: WebSocket, ref: boolean): void {
  const socket = (ws as unknown as { _socket?: { ref?: () => void; unref?: () => void } })._socket;
  if (ref) socket?.ref?.();
  else socket?.unref?.();
}
