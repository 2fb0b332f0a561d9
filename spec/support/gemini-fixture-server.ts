import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A response the fixture server sends, byte for byte. */
export interface FixtureResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Split the body into this many writes, to cross chunk boundaries inside events (default 3). */
  readonly pieces?: number;
}

/** A request the fixture server received. */
export interface FixtureRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/**
 * A real node:http server on 127.0.0.1 that answers each request with the next recorded response
 * (status, content type, exact body bytes) and records what it was sent.
 */
export class GeminiFixtureServer {
  readonly requests: FixtureRequest[] = [];
  private queue: FixtureResponse[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<GeminiFixtureServer> {
    let self: GeminiFixtureServer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = text;
        }
        self!.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
        const next = self!.queue.shift();
        if (!next) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('fixture server: no recorded response left');
          return;
        }
        res.writeHead(next.status, { 'content-type': next.contentType });
        const bytes = Buffer.from(next.body, 'utf8');
        const pieces = Math.max(1, next.pieces ?? 3);
        const size = Math.ceil(bytes.length / pieces) || 1;
        for (let i = 0; i < bytes.length; i += size) res.write(bytes.subarray(i, i + size));
        res.end();
      });
    });
    self = new GeminiFixtureServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return self;
  }

  /** Base URL plus a path. */
  url(path = ''): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Queues responses, answered in order; forgets earlier requests. */
  serve(...responses: FixtureResponse[]): this {
    this.queue = [...responses];
    this.requests.length = 0;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
