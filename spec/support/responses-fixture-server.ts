import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One recorded answer to serve. `frames` are written one `write()` each (a stream). */
export interface RecordedExchange {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly frames?: readonly string[];
}

/** A request the server received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A tiny real HTTP server on 127.0.0.1 that answers each request with the next recorded
 * exchange, byte for byte (frames split into two writes each, so parsers see split chunks).
 */
export class ResponsesFixtureServer {
  readonly received: ReceivedRequest[] = [];
  private queue: RecordedExchange[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<ResponsesFixtureServer> {
    let self: ResponsesFixtureServer | undefined;
    const server = createServer((req, res) => void self!.handle(req, res));
    self = new ResponsesFixtureServer(server);
    server.on('connection', (s) => {
      self!.sockets.add(s);
      s.on('close', () => self!.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return self;
  }

  /** Base URL (ends with `/v1`). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Queues exchanges, answered in order. */
  serve(...exchanges: RecordedExchange[]): this {
    this.queue.push(...exchanges);
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    this.received.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const next = this.queue.shift();
    if (!next) {
      res.writeHead(599, { 'content-type': 'text/plain' });
      res.end('no recorded exchange left');
      return;
    }
    res.writeHead(next.status, { ...(next.headers ?? {}) });
    if (!next.frames) {
      res.end(next.body ?? '');
      return;
    }
    for (const frame of next.frames) {
      const cut = Math.max(1, Math.floor(frame.length / 3));
      res.write(frame.slice(0, cut));
      res.write(frame.slice(cut));
    }
    res.end();
  }
}

/** Re-frames a vercel/ai `*.chunks.txt` as the Responses wire sends it: `event: <type>` / `data: <json>`. */
export function responsesFrames(lines: readonly string[], done = false): string[] {
  const frames = lines.map((line) => {
    const type = (JSON.parse(line) as { type?: string }).type ?? 'message';
    return `event: ${type}\ndata: ${line}\n\n`;
  });
  return done ? [...frames, 'data: [DONE]\n\n'] : frames;
}
