import type WebSocket from 'ws';
import type { Clock } from '../../core/clock.types';
import { AbortedError } from '../../errors/aborted.error';
import type { ChatError } from '../../errors/chat.error';
import { ConfigurationError } from '../../errors/configuration.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import { NetworkError } from '../../errors/network.error';
import { parseRetryAfter } from '../../errors/retry-after.parser';
import { TimeoutError } from '../../errors/timeout.error';

type WsModule = typeof import('ws');

function loadWs(): WsModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('ws') as WsModule;
  } catch {
    throw new ConfigurationError('WebSocketTransport needs the optional peer dependency `ws`: npm install ws');
  }
}

/** Options of {@link SocketPool}. */
export interface SocketPoolOptions {
  readonly poolSize: number;
  readonly idleCloseMs: number;
  readonly pingIntervalMs: number;
  readonly connectTimeoutMs: number;
  readonly reconnectAttempts: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly clock: Clock;
}

/** What one response listens to on its socket. */
export interface SocketListener {
  message(data: string): void;
  close(code: number): void;
}

/** A socket lent to one response at a time. */
export interface PooledSocket {
  /** How many responses this socket served before (0 = a fresh socket: server-side state is empty). */
  readonly served: number;
  /** Id of the socket (changes when it is replaced). */
  readonly id: number;
  send(data: string): void;
  listen(listener: SocketListener): void;
  /** Gives the socket back (or closes it when `broken`). */
  release(broken: boolean): void;
}

interface Entry {
  ws: WebSocket;
  id: number;
  key: string;
  busy: boolean;
  served: number;
  listener?: SocketListener;
  cancelIdle?: () => void;
  ping?: NodeJS.Timeout;
}

/** A bounded pool of sockets per URL + auth, one response in flight per socket. */
export class SocketPool {
  private readonly entries = new Set<Entry>();
  private readonly waiters: Array<{ key: string; wake: () => void }> = [];
  private ids = 0;

  constructor(private readonly options: SocketPoolOptions) {}

  get size(): number {
    return this.entries.size;
  }

  async acquire(url: string, headers: Readonly<Record<string, string>>, provider: string, signal?: AbortSignal): Promise<PooledSocket> {
    const key = `${url}\n${JSON.stringify(headers)}`;
    for (;;) {
      if (signal?.aborted) throw new AbortedError(`${provider} request aborted`, { provider });
      const idle = [...this.entries].find((e) => e.key === key && !e.busy && e.ws.readyState === 1);
      if (idle) return this.lend(idle);
      const count = [...this.entries].filter((e) => e.key === key).length;
      if (count < this.options.poolSize) return this.lend(await this.connect(url, headers, key, provider));
      await new Promise<void>((wake) => this.waiters.push({ key, wake }));
    }
  }

  closeAll(): void {
    for (const e of this.entries) this.drop(e);
  }

  private lend(entry: Entry): PooledSocket {
    entry.busy = true;
    entry.cancelIdle?.();
    const served = entry.served++;
    let released = false;
    return {
      served,
      id: entry.id,
      send: (data) => entry.ws.send(data),
      listen: (listener) => {
        entry.listener = listener;
      },
      release: (broken) => {
        if (released) return;
        released = true;
        entry.listener = undefined;
        entry.busy = false;
        if (broken) this.drop(entry);
        else entry.cancelIdle = this.options.clock.setTimer(() => this.drop(entry), this.options.idleCloseMs);
        this.wakeOne(entry.key);
      },
    };
  }

  private wakeOne(key: string): void {
    const i = this.waiters.findIndex((w) => w.key === key);
    if (i >= 0) this.waiters.splice(i, 1)[0].wake();
  }

  private drop(entry: Entry): void {
    if (!this.entries.delete(entry)) return;
    entry.cancelIdle?.();
    if (entry.ping) clearInterval(entry.ping);
    entry.ws.removeAllListeners();
    entry.ws.on('error', () => undefined);
    entry.ws.terminate();
    this.wakeOne(entry.key);
  }

  private async connect(url: string, headers: Readonly<Record<string, string>>, key: string, provider: string): Promise<Entry> {
    let lastError: ChatError | undefined;
    for (let attempt = 0; attempt <= this.options.reconnectAttempts; attempt++) {
      if (attempt > 0) await this.options.clock.sleep(100 * 2 ** (attempt - 1));
      try {
        return await this.open(url, headers, key, provider);
      } catch (error) {
        lastError = error as ChatError;
        if (!lastError.isRetryable) throw lastError;
      }
    }
    throw lastError!;
  }

  private open(url: string, headers: Readonly<Record<string, string>>, key: string, provider: string): Promise<Entry> {
    const { WebSocket: Ws } = loadWs();
    return new Promise<Entry>((resolve, reject) => {
      const ws = new Ws(url, { headers: { ...this.options.headers, ...headers }, handshakeTimeout: this.options.connectTimeoutMs, perMessageDeflate: false });
      const entry: Entry = { ws, id: ++this.ids, key, busy: false, served: 0 };
      ws.once('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let message: string | undefined;
          let code: string | undefined;
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { message?: string; code?: string; type?: string } };
            message = body.error?.message;
            code = body.error?.code ?? body.error?.type;
          } catch {
            message = undefined;
          }
          ws.terminate();
          reject(errorFromHttp({ provider, status: res.statusCode ?? 0, code, message, retryAfterSeconds: parseRetryAfter(res.headers['retry-after'] as string | undefined) }));
        });
      });
      ws.once('open', () => {
        this.entries.add(entry);
        if (this.options.pingIntervalMs > 0) {
          entry.ping = setInterval(() => ws.readyState === 1 && ws.ping(), this.options.pingIntervalMs);
          entry.ping.unref();
        }
        ws.on('message', (data: WebSocket.RawData) => entry.listener?.message(data.toString()));
        ws.on('close', (code: number) => {
          const listener = entry.listener;
          this.drop(entry);
          listener?.close(code);
        });
        resolve(entry);
      });
      ws.on('error', (error: Error & { code?: string }) => {
        if (!this.entries.has(entry)) {
          const timedOut = /timed out/i.test(error.message);
          reject(
            timedOut
              ? new TimeoutError(`${provider} socket upgrade timed out`, { provider })
              : new NetworkError(`${provider} socket failed (${error.code ?? error.message})`, { provider, code: error.code }),
          );
        }
      });
    });
  }
}
