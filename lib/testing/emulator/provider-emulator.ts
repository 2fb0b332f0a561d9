import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { JsonValue } from '../../core/json.types';
import { emulatedEmbedding } from './emulated-embedding';
import type { EmulatedReply, EmulatorScriptFile } from './emulator-script.types';
import type { EmulatorWire, WireContext } from './emulator-wire.types';
import type { RecordedRequest } from './recorded-request.types';
import { takeScriptedReply } from './reply.selector';
import { writeReply } from './reply.writer';
import { WebSocketEndpoint } from './websocket.endpoint';
import type { EmulatedError } from './emulator-script.types';

/** Options of {@link ProviderEmulator.start}. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** Wires to speak; default: every built-in wire. */
  readonly wires?: readonly EmulatorWire[];
  /** Dimensions of emulated embeddings (default 8). */
  readonly embeddingDimensions?: number;
  /** When true, the listening server does not keep the process alive by itself (`server.unref()`). */
  readonly unref?: boolean;
}

/** What the WebSocket endpoint uses of the emulator (not exported by `chat-ts/testing`; named by the endpoint's constructor). */
export interface EmulatorInternals {
  readonly wires: readonly EmulatorWire[];
  record(record: RecordedRequest): void;
  /** Marks a request closed by its client and wakes `waitForClientClose()`. */
  clientClosed(record: RecordedRequest): void;
  takeReply(session: string, wire: EmulatorWire, body: JsonValue): EmulatedReply;
  context(reply: EmulatedReply, record: RecordedRequest, model: string): WireContext;
  readonly sockets: Set<Socket>;
}

/** The header (or `/s/<session>/` path prefix) that keeps clients' scripts and logs apart. */
export const EMULATOR_SESSION_HEADER = 'x-emulator-session';

interface Session {
  replies: EmulatedReply[];
  requests: RecordedRequest[];
}

/**
 * A real local HTTP server that speaks the providers' wire formats, driven by provider-neutral
 * scripts. Use it to test an app offline; `npx chat-ts emulate` runs it from the command line.
 *
 * @example
 * const emulator = await ProviderEmulator.start();
 * emulator.script([{ toolCalls: [{ name: 'getWeather', arguments: { city: 'Paris' } }] }, { text: 'Sunny.' }]);
 * const provider = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').build();
 * // ...
 * expect(emulator.requests()).toHaveLength(2);
 * await emulator.close();
 */
export class ProviderEmulator {
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<Socket>();
  private bytesOfClosedConnections = 0;
  /** The WebSocket endpoint (Responses WebSocket mode): refusals, server-side closes, ping and socket counts. */
  readonly webSockets = new WebSocketEndpoint(() => this.internals());
  private readonly closeWaiters: Array<() => void> = [];
  private counter = 0;

  private constructor(
    private readonly server: Server,
    private readonly wires: readonly EmulatorWire[],
    private readonly dimensions: number,
  ) {}

  /** Starts an emulator; resolves when it listens. */
  static async start(options: EmulatorOptions = {}): Promise<ProviderEmulator> {
    const wires = options.wires ?? (await import('./wires')).builtInWires();
    let emulator: ProviderEmulator | undefined;
    const server = createServer((req, res) => void emulator!.handle(req, res));
    emulator = new ProviderEmulator(server, wires, options.embeddingDimensions ?? 8);
    emulator.webSockets.attach(server);
    server.on('connection', (socket) => {
      emulator!.sockets.add(socket);
      socket.on('close', () => {
        emulator!.bytesOfClosedConnections += socket.bytesRead;
        emulator!.sockets.delete(socket);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    if (options.unref) server.unref();
    return emulator;
  }

  /** The port it listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Base URL, plus an optional path (e.g. `url('/v1')`); with `session`, a `/s/<session>` prefix selects it. */
  url(path = '', session?: string): string {
    const prefix = session ? `/s/${encodeURIComponent(session)}` : '';
    return `http://127.0.0.1:${this.port}${prefix}${path}`;
  }

  /** Queues replies for a session (default session `default`). */
  script(replies: readonly EmulatedReply[], session = 'default'): this {
    this.session(session).replies.push(...replies);
    return this;
  }

  /** Loads a script file's content (as `npx chat-ts emulate --script` does). */
  load(file: EmulatorScriptFile): this {
    if (file.replies) this.script(file.replies);
    for (const [name, replies] of Object.entries(file.sessions ?? {})) this.script(replies, name);
    return this;
  }

  /** Requests received by a session, oldest first. */
  requests(session = 'default'): readonly RecordedRequest[] {
    return this.session(session).requests;
  }

  /** Replies not consumed yet. */
  remaining(session = 'default'): number {
    return this.session(session).replies.length;
  }

  /** Forgets a session's script, requests, WebSocket counters and refusals (all sessions when omitted). */
  reset(session?: string): void {
    if (session === undefined) this.sessions.clear();
    else this.sessions.delete(session);
    this.webSockets.reset(session);
  }

  /** Resolves at the next request that the client closes before its response finished. */
  waitForClientClose(): Promise<void> {
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  /** Stops listening and destroys open sockets (stalled streams included). */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Refuses a session's WebSocket upgrades with an HTTP error (a status such as 401, or an
   * `EmulatedError` with code, message, `retryAfter`): all of them until called with `undefined`,
   * or the next `times` only.
   */
  refuseUpgrades(status: number | EmulatedError | undefined, session = 'default', times = Infinity): this {
    this.webSockets.refuse(status, session, times);
    return this;
  }

  /** Bytes the emulator received from clients so far (HTTP requests, upgrades and socket frames). */
  bytesReceived(): number {
    let open = 0;
    for (const socket of this.sockets) open += socket.bytesRead;
    return this.bytesOfClosedConnections + open;
  }

  /** @internal the WebSocket endpoint's view of the emulator. */
  internals(): EmulatorInternals {
    return {
      wires: this.wires,
      record: (record) => this.session(record.session).requests.push(record),
      clientClosed: (record) => {
        record.closedByClient = true;
        this.closeWaiters.splice(0).forEach((w) => w());
      },
      takeReply: (session, wire, body) => {
        const taken = takeScriptedReply(this.session(session).replies, wire.name, 'chat');
        return taken ?? { text: `Emulated reply to: ${wire.lastUserText(body) ?? '(no user text)'}` };
      },
      context: (reply, record, model) => this.context(reply, record, model),
      sockets: this.sockets,
    };
  }

  private session(name: string): Session {
    let s = this.sessions.get(name);
    if (!s) this.sessions.set(name, (s = { replies: [], requests: [] }));
    return s;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      let path = (req.url ?? '/').split('?')[0];
      let sessionName = String(req.headers[EMULATOR_SESSION_HEADER] ?? 'default');
      const prefixed = /^\/s\/([^/]+)(\/.*)$/.exec(path);
      if (prefixed) {
        sessionName = decodeURIComponent(prefixed[1]);
        path = prefixed[2];
      }
      const raw = await readBody(req);
      let body: JsonValue = raw;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw) as JsonValue;
        } catch {
          body = raw;
        }
      }
      if (path.startsWith('/_emulator/')) return this.control(path, req.method ?? 'GET', body, res);
      const method = req.method ?? 'GET';
      for (const wire of this.wires) {
        const route = wire.match(method, path, body);
        if (!route) continue;
        const session = this.session(sessionName);
        const record: RecordedRequest = {
          session: sessionName,
          wire: wire.name,
          method,
          path,
          query: (req.url ?? '').split('?')[1] ?? '',
          headers: flat(req.headers),
          body,
          stream: route.stream,
          closedByClient: false,
          completed: false,
        };
        session.requests.push(record);
        res.on('close', () => {
          if (!record.completed) {
            record.closedByClient = true;
            this.closeWaiters.splice(0).forEach((w) => w());
          }
        });
        if (route.kind === 'custom') {
          await wire.handleCustom?.(req, res, body, path);
          record.completed = true;
          return;
        }
        const rejected = wire.rejectRequest?.(body, record);
        const reply: EmulatedReply = rejected ? { error: rejected } : (takeScriptedReply(session.replies, wire.name, route.kind) ?? {
          text: `Emulated reply to: ${wire.lastUserText(body) ?? '(no user text)'}`,
        });
        const ctx = this.context(reply, record, route.model ?? 'emulated-model');
        const embeddings = route.kind === 'embeddings' && wire.renderEmbeddings && wire.embeddingInputs ? wire : undefined;
        const renderBody = embeddings
          ? () => embeddings.renderEmbeddings!(embeddings.embeddingInputs!(body).map((t) => emulatedEmbedding(t, this.dimensionsFor(body))), ctx, body)
          : undefined;
        await writeReply(wire, ctx, embeddings ? false : route.stream, res, renderBody);
        if (!res.destroyed && res.writableEnded) record.completed = true;
        return;
      }
      sendJson(res, 404, { error: { message: `The emulator speaks no wire at ${req.method} ${path}` } });
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `emulator failure: ${(error as Error).message}` } });
      else res.destroy();
    }
  }

  private dimensionsFor(body: JsonValue): number {
    const d = (body as { dimensions?: unknown; outputDimensionality?: unknown; output_dimension?: unknown } | null) ?? {};
    const vertex = (d as { parameters?: { outputDimensionality?: unknown } }).parameters?.outputDimensionality; // Vertex `:predict`
    const asked = typeof d === 'object' ? (d.dimensions ?? d.output_dimension ?? d.outputDimensionality ?? vertex) : undefined;
    return typeof asked === 'number' && asked > 0 ? asked : this.dimensions;
  }

  private context(reply: EmulatedReply, request: RecordedRequest, model: string): WireContext {
    return {
      reply,
      request,
      model,
      id: (prefix: string) => `${prefix}${(++this.counter).toString(36).padStart(6, '0')}`,
      chunks: (text: string) => splitChunks(text, reply.chunkSize),
    };
  }

  private control(path: string, method: string, body: JsonValue, res: ServerResponse): void {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, JsonValue>;
    const session = typeof b.session === 'string' ? b.session : 'default';
    if (path === '/_emulator/script' && method === 'POST') {
      this.load(b as unknown as EmulatorScriptFile);
      return sendJson(res, 200, { ok: true, remaining: this.remaining(session) });
    }
    if (path.startsWith('/_emulator/requests')) {
      const name = decodeURIComponent(path.split('/')[3] ?? 'default');
      return sendJson(res, 200, this.requests(name) as unknown as JsonValue);
    }
    if (path === '/_emulator/reset' && method === 'POST') {
      this.reset(typeof b.session === 'string' ? b.session : undefined);
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, { error: { message: `unknown control path ${path}` } });
  }
}

function splitChunks(text: string, size: number | undefined): string[] {
  if (text === '') return [];
  if (size && size > 0) {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
    return out;
  }
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

function flat(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: JsonValue, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
