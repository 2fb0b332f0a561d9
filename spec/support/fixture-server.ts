import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A tiny real HTTP server for tests that serve recorded or hand-made bytes (conformance suites,
 * framing and fault tests). Answers are queued and consumed one per request.
 *
 * @example
 * const server = await FixtureServer.start();
 * server.enqueue({ headers: { 'content-type': 'text/event-stream' }, body: sseBody(lines) });
 * const provider = new ChatCompletionsBuilder().withBaseUrl(server.url('/v1')).withModel('m').build();
 * ...
 * expect(server.requests[0].json).toMatchObject({ stream: true });
 * await server.close();
 */

/** One canned answer. */
export interface CannedResponse {
  /** HTTP status (default 200). */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The body: sent whole, or as chunks written (and flushed) one after another. */
  readonly body?: string | Buffer | readonly (string | Buffer)[];
  /** Milliseconds between chunks. */
  readonly chunkDelayMs?: number;
  /** Destroy the socket after the chunks instead of ending the response (a cut connection). */
  readonly destroy?: boolean;
  /** Keep the response open after the chunks (a stalled server). */
  readonly stall?: boolean;
}

/** A request the server received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** The body parsed as JSON, when it is JSON. */
  readonly json?: unknown;
}

/** Answers a request (instead of the queue). */
export type FixtureHandler = (request: ReceivedRequest) => CannedResponse;

export class FixtureServer {
  /** Every request received, oldest first. */
  readonly requests: ReceivedRequest[] = [];
  private readonly queue: CannedResponse[] = [];
  private readonly sockets = new Set<Socket>();
  private fallback: CannedResponse | FixtureHandler = { status: 404, body: '{"error":{"message":"no canned response left"}}' };

  private constructor(private readonly server: Server) {}

  /** Starts a server on 127.0.0.1 with a free port. */
  static async start(): Promise<FixtureServer> {
    let instance: FixtureServer | undefined;
    const server = createServer((req, res) => void instance!.handle(req, res));
    instance = new FixtureServer(server);
    server.on('connection', (socket) => {
      instance!.sockets.add(socket);
      socket.on('close', () => instance!.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path = ''): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Queues answers, consumed one per request. */
  enqueue(...responses: CannedResponse[]): this {
    this.queue.push(...responses);
    return this;
  }

  /** What to answer when the queue is empty (a response or a handler). */
  setDefault(response: CannedResponse | FixtureHandler): this {
    this.fallback = response;
    return this;
  }

  /** Forgets queued answers and received requests. */
  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
  }

  /** Stops the server, cutting open connections. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const received: ReceivedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, json };
    this.requests.push(received);
    const next = this.queue.shift() ?? this.fallback;
    const canned = typeof next === 'function' ? next(received) : next;
    const parts = canned.body === undefined ? [] : Array.isArray(canned.body) ? canned.body : [canned.body as string | Buffer];
    const headers: Record<string, string> = { ...canned.headers };
    if (parts.length <= 1 && !canned.destroy && !canned.stall && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
      headers['content-length'] = String(parts.length === 0 ? 0 : Buffer.byteLength(parts[0]));
    }
    res.writeHead(canned.status ?? 200, headers);
    for (const part of parts) {
      if (res.destroyed) return;
      await new Promise<void>((resolve) => res.write(part, () => resolve()));
      if (canned.chunkDelayMs) await new Promise((r) => setTimeout(r, canned.chunkDelayMs));
    }
    if (canned.destroy) res.socket?.destroy();
    else if (!canned.stall) res.end();
  }
}

/** Options of {@link sseBody}. */
export interface SseBodyOptions {
  /** Append `data: [DONE]` (default true). */
  readonly done?: boolean;
  /** An `event:` name per payload (undefined: no event line). */
  readonly eventName?: (payload: string) => string | undefined;
  /** Line end (default `\n`). */
  readonly lineEnd?: '\n' | '\r\n';
}

/** Frames JSON payloads (e.g. the lines of a `*.chunks.txt` fixture) as SSE events. */
export function sseBody(payloads: readonly string[], options: SseBodyOptions = {}): string {
  const nl = options.lineEnd ?? '\n';
  const events = payloads.map((payload) => {
    const name = options.eventName?.(payload);
    return `${name ? `event: ${name}${nl}` : ''}data: ${payload}${nl}${nl}`;
  });
  if (options.done !== false) events.push(`data: [DONE]${nl}${nl}`);
  return events.join('');
}

/** Frames values as NDJSON lines. */
export function ndjsonBody(lines: readonly unknown[]): string {
  return lines.map((line) => `${typeof line === 'string' ? line : JSON.stringify(line)}\n`).join('');
}
