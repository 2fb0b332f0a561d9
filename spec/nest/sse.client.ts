import { request, type ClientRequest, type IncomingMessage } from 'node:http';

/** One server-sent event's `data`, parsed as JSON. */
export type SseData = { readonly type: string } & Record<string, unknown>;

/**
 * A minimal SSE client over node:http (so a test controls the socket): collects the events,
 * resolves `next(n)` when n events arrived, `done` when the stream ends (or `close()` cut it).
 */
export class SseClient {
  readonly events: SseData[] = [];
  readonly done: Promise<void>;
  status = 0;
  private readonly req: ClientRequest;
  private buffer = '';
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private closed = false;

  constructor(url: string, headers: Record<string, string> = {}) {
    let finish: () => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    this.done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = (error) => (this.closed ? resolve() : reject(error));
    });
    this.req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res: IncomingMessage) => {
      this.status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => this.feed(chunk));
      res.on('end', () => finish());
      res.on('error', (error) => fail(error));
    });
    this.req.on('error', (error) => fail(error));
    this.req.end();
  }

  /** Resolves once `count` events have arrived. */
  next(count: number): Promise<void> {
    if (this.events.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Closes the connection, as a browser leaving the page does. */
  close(): void {
    this.closed = true;
    this.req.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data) this.events.push(JSON.parse(data) as SseData);
    }
    this.waiters = this.waiters.filter((w) => (this.events.length >= w.count ? (w.resolve(), false) : true));
  }
}
