import { FixtureServer } from './fixture-server';

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
 * (recorded fixture bytes, hand-made streams), in Claude's shapes: SSE frames default to
 * `text/event-stream`, bodies to JSON, and an empty queue answers a Claude `api_error`. Built on the
 * shared {@link FixtureServer}.
 */
export class CannedServer {
  private constructor(private readonly server: FixtureServer) {}

  static async start(): Promise<CannedServer> {
    const server = await FixtureServer.start();
    server.setDefault({
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"type":"error","error":{"type":"api_error","message":"no canned response left"}}',
    });
    return new CannedServer(server);
  }

  /** Every request received, oldest first. */
  get requests(): CannedRequest[] {
    return this.server.requests;
  }

  /** Base URL of the server. */
  get url(): string {
    return this.server.url();
  }

  /** Queues responses, answered in order. */
  serve(...responses: CannedResponse[]): this {
    for (const r of responses) {
      this.server.enqueue({
        status: r.status ?? 200,
        headers: { 'content-type': r.frames ? 'text/event-stream; charset=utf-8' : 'application/json', ...r.headers },
        body: r.frames ?? r.body ?? '',
        destroy: r.frames !== undefined && r.reset === true,
        stall: r.frames !== undefined && r.reset !== true && r.hang === true,
      });
    }
    return this;
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
