import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A tiny real WebSocket server on 127.0.0.1 replaying recorded Responses events: each
 * `response.create` message it receives is answered with the next queued event list, one
 * message per event, verbatim (the recorded JSON text).
 */
export class RecordedWebSocketServer {
  readonly received: unknown[] = [];
  private queue: string[][] = [];
  private readonly clients = new Set<WebSocket>();

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
  ) {}

  static async start(): Promise<RecordedWebSocketServer> {
    const http = createServer((_req, res) => res.writeHead(426).end());
    const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
    const self = new RecordedWebSocketServer(http, wss);
    wss.on('connection', (client) => {
      self.clients.add(client);
      client.on('close', () => self.clients.delete(client));
      client.on('message', (data) => {
        self.received.push(JSON.parse(data.toString()) as unknown);
        for (const line of self.queue.shift() ?? []) client.send(line);
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    return self;
  }

  /** Base URL (`http://…/v1`: the transport turns it into `ws://`). */
  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}/v1`;
  }

  /** Queues the events (JSON texts) of one response. */
  serve(events: readonly string[]): this {
    this.queue.push([...events]);
    return this;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    await new Promise<void>((r) => this.http.close(() => r()));
  }
}
