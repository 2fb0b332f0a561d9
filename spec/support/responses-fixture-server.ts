import type { IncomingMessage } from 'node:http';
import { FixtureServer } from './fixture-server';

/** One recorded answer to serve. `frames` are written one `write()` each (a stream). */
export interface RecordedExchange {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly frames?: readonly string[];
  /** Written exactly as given, one `write()` each (untidy replays choose their own cuts). */
  readonly pieces?: readonly Buffer[];
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
 * Built on the shared {@link FixtureServer}; an empty queue answers 599.
 */
export class ResponsesFixtureServer {
  private constructor(private readonly server: FixtureServer) {}

  static async start(): Promise<ResponsesFixtureServer> {
    const server = await FixtureServer.start();
    server.setDefault({ status: 599, headers: { 'content-type': 'text/plain' }, body: 'no recorded exchange left' });
    return new ResponsesFixtureServer(server);
  }

  /** Every request received, oldest first. */
  get received(): ReceivedRequest[] {
    return this.server.requests;
  }

  /** Base URL (ends with `/v1`). */
  get url(): string {
    return this.server.url('/v1');
  }

  /** Queues exchanges, answered in order. */
  serve(...exchanges: RecordedExchange[]): this {
    for (const exchange of exchanges) {
      const body = exchange.pieces
        ? [...exchange.pieces]
        : exchange.frames
        ? exchange.frames.flatMap((frame) => {
            const cut = Math.max(1, Math.floor(frame.length / 3));
            return [frame.slice(0, cut), frame.slice(cut)];
          })
        : (exchange.body ?? '');
      this.server.enqueue({ status: exchange.status, headers: { ...(exchange.headers ?? {}) }, body });
    }
    return this;
  }

  async close(): Promise<void> {
    await this.server.close();
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
