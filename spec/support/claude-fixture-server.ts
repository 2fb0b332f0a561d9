import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One canned HTTP response: a whole body, or SSE frames written one by one. */
export interface CannedResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Written in order (each its own `write`); the response ends after the last unless `hang` is set. */
  readonly frames?: ReadonlyArray<string | Buffer>;
  /** Keep the connection open after the frames (a stalled stream). */
  readonly hang?: boolean;
  /** Destroy the socket after the frames (a reset mid-stream). */
  readonly reset?: boolean;
}

/** A request the server received. */
export interface CannedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * A tiny real HTTP server on 127.0.0.1 that answers each request with the next canned response
 * (recorded fixture bytes, hand-made streams). For Claude tests; unified with the shared fixture
 * server later.
 */
export class CannedServer {
  readonly requests: CannedRequest[] = [];
  private readonly queue: CannedResponse[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<CannedServer> {
    let self: CannedServer | undefined;
    const server = createServer((req, res) => {
      void readBody(req).then((body) => {
        self!.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body });
        const next = self!.queue.shift() ?? { status: 500, body: '{"type":"error","error":{"type":"api_error","message":"no canned response left"}}' };
        const contentType = next.frames ? 'text/event-stream; charset=utf-8' : 'application/json';
        res.writeHead(next.status ?? 200, { 'content-type': contentType, ...next.headers });
        if (!next.frames) return void res.end(next.body ?? '');
        for (const f of next.frames) res.write(f);
        if (next.reset) res.socket?.destroy();
        else if (!next.hang) res.end();
      });
    });
    self = new CannedServer(server);
    server.on('connection', (s) => {
      self!.sockets.add(s);
      s.on('close', () => self!.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return self;
  }

  /** Base URL of the server. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues responses, answered in order. */
  serve(...responses: CannedResponse[]): this {
    this.queue.push(...responses);
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
