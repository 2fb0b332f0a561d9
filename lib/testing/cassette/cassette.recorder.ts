import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { EMULATOR_SESSION_HEADER } from '../emulator/provider-emulator';
import { encodeBody } from './cassette.body';
import { encodeEventStream } from './cassette-eventstream.redaction';
import { encodeStream } from './cassette-stream.redaction';
import { cassettePath, writeCassetteFile } from './cassette.file';
import { headersToRecord, queryToRecord, type RedactionOptions, secretValuesOf } from './cassette.redaction';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette, type CassetteInteraction } from './cassette.types';

/** Options of {@link CassetteRecorder.start}. */
export interface CassetteRecorderOptions {
  /** The real API's base URL, e.g. `https://api.anthropic.com` (a path prefix is kept). */
  readonly target: string;
  /** Directory the cassettes are written to (after each exchange); without it they stay in memory. */
  readonly dir?: string;
  /** Cassette name for requests that name none (default `default`); `/s/<name>/` or the session header names one. */
  readonly name?: string;
  readonly port?: number;
  readonly host?: string;
  /** Body fields to redact, headers to keep, extra secrets to scrub. */
  readonly redaction?: RedactionOptions;
}

const STREAM_TYPES = /text\/event-stream|ndjson|jsonl|vnd\.amazon\.eventstream/i;
const EVENT_STREAM = /vnd\.amazon\.eventstream/i;
const HOP_BY_HOP = /^(host|connection|keep-alive|content-length|transfer-encoding|accept-encoding|upgrade|proxy-connection|te|trailer)$/i;

/**
 * A recording proxy: forwards each request to the real API and writes the exchange (request body,
 * status, headers that matter, whole body or stream chunks with their timing) to a cassette. Keys
 * never reach the cassette: credential headers are dropped, URL keys removed, and their values
 * scrubbed wherever the provider echoes them. `npx chat-ts emulate --record <dir> --target <url>` runs one.
 *
 * @example
 * const recorder = await CassetteRecorder.start({ target: 'https://api.anthropic.com', dir: 'cassettes' });
 * const provider = new ClaudeBuilder().withBaseUrl(recorder.url('', 'greeting')).withApiKey(key).withModel('claude-haiku-4-5').build();
 * // ... run the app; cassettes/greeting.cassette.json now holds the traffic
 * await recorder.close();
 */
export class CassetteRecorder {
  private readonly cassettes = new Map<string, CassetteInteraction[]>();
  private readonly sockets = new Set<Socket>();
  private readonly target: URL;

  private constructor(
    private readonly server: Server,
    private readonly options: CassetteRecorderOptions,
  ) {
    this.target = new URL(options.target);
  }

  /** Starts the proxy on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: CassetteRecorderOptions): Promise<CassetteRecorder> {
    let recorder: CassetteRecorder | undefined;
    const server = createServer((req, res) => void recorder!.handle(req, res));
    recorder = new CassetteRecorder(server, options);
    server.on('connection', (socket) => {
      recorder!.sockets.add(socket);
      socket.on('close', () => recorder!.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return recorder;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Base URL plus `path`; with `cassette`, a `/s/<cassette>` prefix records into that cassette. */
  url(path = '', cassette?: string): string {
    return `http://127.0.0.1:${this.port}${cassette ? `/s/${encodeURIComponent(cassette)}` : ''}${path}`;
  }

  /** The cassette recorded so far under `name`. */
  cassette(name = this.options.name ?? 'default'): Cassette {
    return { format: CASSETTE_FORMAT, version: CASSETTE_VERSION, name, target: this.target.origin, interactions: [...(this.cassettes.get(name) ?? [])] };
  }

  /** Names of the cassettes recorded so far. */
  names(): string[] {
    return [...this.cassettes.keys()];
  }

  /** Stops listening (cassettes were written after each exchange). */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const incoming = new URL(req.url ?? '/', 'http://recorder');
    let path = incoming.pathname;
    let name = String(req.headers[EMULATOR_SESSION_HEADER] ?? this.options.name ?? 'default');
    const prefixed = /^\/s\/([^/]+)(\/.*)$/.exec(path);
    if (prefixed) {
      name = decodeURIComponent(prefixed[1]);
      path = prefixed[2];
    }
    const requestBytes = await readAll(req);
    const headers = flatHeaders(req.headers);
    const redaction = this.options.redaction ?? {};
    const secrets = [...secretValuesOf(headers, incoming.searchParams), ...(redaction.secrets ?? [])];
    const upstream = new URL(this.target.toString());
    upstream.pathname = `${this.target.pathname.replace(/\/$/, '')}${path}`;
    upstream.search = incoming.search;
    const forwarded: Record<string, string> = { 'accept-encoding': 'identity' };
    for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.test(k) && k !== EMULATOR_SESSION_HEADER) forwarded[k] = v;
    if (requestBytes.length > 0) forwarded['content-length'] = String(requestBytes.length);
    const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstreamReq = send(upstream, { method: req.method, headers: forwarded });
    upstreamReq.on('error', (error) => {
      if (res.headersSent) return void res.destroy();
      const text = JSON.stringify({ error: { type: 'cassette_recorder_upstream', message: `recorder could not reach ${this.target.origin}: ${error.message}` } });
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    upstreamReq.end(requestBytes);
    const upstreamRes = await new Promise<IncomingMessage | undefined>((resolve) => {
      upstreamReq.once('response', resolve);
      upstreamReq.once('error', () => resolve(undefined));
    });
    if (!upstreamRes) return;
    const latencyMs = Date.now() - started;
    const responseHeaders = flatHeaders(upstreamRes.headers);
    const passHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(responseHeaders)) if (!/^(connection|keep-alive|transfer-encoding)$/i.test(k)) passHeaders[k] = v;
    res.writeHead(upstreamRes.statusCode ?? 502, passHeaders);
    const streamed = STREAM_TYPES.test(responseHeaders['content-type'] ?? '');
    const chunks: Array<{ delayMs: number; bytes: Buffer }> = [];
    let last = Date.now();
    for await (const chunk of upstreamRes) {
      const now = Date.now();
      chunks.push({ delayMs: now - last, bytes: chunk as Buffer });
      last = now;
      if (!res.destroyed) res.write(chunk);
    }
    res.end();
    const requestCleaning = { secrets, fields: redaction.requestFields };
    const responseCleaning = { secrets, fields: redaction.responseFields };
    const interaction: CassetteInteraction = {
      recordedAt: new Date(started).toISOString(),
      latencyMs,
      request: {
        method: req.method ?? 'GET',
        path,
        query: queryToRecord(incoming.searchParams),
        headers: headersToRecord(headers, 'request', redaction.keepHeaders),
        ...(requestBytes.length > 0 ? { body: encodeBody(requestBytes, requestCleaning) } : {}),
      },
      response: {
        status: upstreamRes.statusCode ?? 0,
        headers: headersToRecord(responseHeaders, 'response', redaction.keepHeaders),
        ...(streamed
          ? { chunks: EVENT_STREAM.test(responseHeaders['content-type'] ?? '') ? encodeEventStream(chunks, responseCleaning) : encodeStream(chunks, responseCleaning) }
          : { body: encodeBody(Buffer.concat(chunks.map((c) => c.bytes)), responseCleaning) }),
      },
    };
    let list = this.cassettes.get(name);
    if (!list) this.cassettes.set(name, (list = []));
    list.push(interaction);
    if (this.options.dir) writeCassetteFile(cassettePath(this.options.dir, name), this.cassette(name));
  }
}

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
