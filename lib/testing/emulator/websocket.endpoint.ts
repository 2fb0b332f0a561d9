import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { JsonValue } from '../../core/json.types';
import type { EmulatedError, EmulatedReply } from './emulator-script.types';
import type { EmulatorWire } from './emulator-wire.types';
import type { EmulatorInternals } from './provider-emulator';
import type { RecordedRequest } from './recorded-request.types';

type WsModule = typeof import('ws');

function loadWs(): WsModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('ws') as WsModule;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The JSON payloads of SSE frames (`data:` lines), without `[DONE]`. */
function payloads(frame: string): string[] {
  return frame
    .split(/\r?\n/)
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trim())
    .filter((d) => d !== '' && d !== '[DONE]');
}

/** What the emulator saw of a session's WebSockets. */
export interface WebSocketStats {
  /** Upgrades accepted. */
  readonly upgrades: number;
  /** Upgrades refused (`refuseUpgrades`). */
  readonly refused: number;
  /** Sockets open now. */
  readonly open: number;
  /** Pings received from clients. */
  readonly pings: number;
  /** Sockets closed by their client (not by the emulator). */
  readonly closedByClient: number;
}

interface Refusal {
  readonly error: EmulatedError;
  remaining: number;
}

interface SessionSockets {
  upgrades: number;
  refused: number;
  pings: number;
  closedByClient: number;
  readonly open: Set<WebSocket>;
  refusal?: Refusal;
  silent: boolean;
}

/**
 * Serves the JSON-event wires over WebSocket (the Responses API's WebSocket mode): every
 * `response.create` message consumes a scripted reply of the session and gets the wire's stream
 * events as messages, one message per event. Response ids live per socket, so a
 * `previous_response_id` from another socket fails with `previous_response_not_found`, as on the
 * real service. Faults: `reset-before`/`reset-mid` close the socket, `stall-*` stop answering,
 * `malformed` sends a non-JSON message, an `error` reply is an `error` event with its status.
 * Needs `ws` (upgrades get 501 without it).
 */
export class WebSocketEndpoint {
  private readonly sessions = new Map<string, SessionSockets>();
  private readonly closedByServer = new WeakSet<WebSocket>();
  private socketIds = 0;

  constructor(private readonly internals: () => EmulatorInternals) {}

  /** Attaches the endpoint to the emulator's HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** Refuses a session's upgrades with an HTTP error (all of them, or the next `times`); `undefined` stops refusing. */
  refuse(error: EmulatedError | number | undefined, session = 'default', times = Infinity): void {
    const s = this.session(session);
    s.refusal = error === undefined ? undefined : { error: typeof error === 'number' ? { status: error } : error, remaining: times };
  }

  /** Stops answering pings on the session's next sockets (a dead peer, for keep-alive tests). */
  ignorePings(session = 'default', ignore = true): void {
    this.session(session).silent = ignore;
  }

  /** Closes the session's open sockets from the server side (code 1001), as a server restart would. */
  closeSockets(session = 'default'): number {
    const open = [...this.session(session).open];
    for (const ws of open) {
      this.closedByServer.add(ws);
      ws.close(1001, 'going away');
    }
    return open.length;
  }

  /** Counts of the session's sockets. */
  stats(session = 'default'): WebSocketStats {
    const s = this.session(session);
    return { upgrades: s.upgrades, refused: s.refused, open: s.open.size, pings: s.pings, closedByClient: s.closedByClient };
  }

  /** Forgets counters and refusals (all sessions when omitted); open sockets stay open. */
  reset(session?: string): void {
    const keep = (s: SessionSockets): SessionSockets => ({ upgrades: 0, refused: 0, pings: 0, closedByClient: 0, open: s.open, silent: false });
    for (const [name, s] of this.sessions) if (session === undefined || name === session) this.sessions.set(name, keep(s));
  }

  private session(name: string): SessionSockets {
    let s = this.sessions.get(name);
    if (!s) this.sessions.set(name, (s = { upgrades: 0, refused: 0, pings: 0, closedByClient: 0, open: new Set(), silent: false }));
    return s;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const internals = this.internals();
    const ws = loadWs();
    let path = (req.url ?? '/').split('?')[0];
    let session = String(req.headers['x-emulator-session'] ?? 'default');
    const prefixed = /^\/s\/([^/]+)(\/.*)$/.exec(path);
    if (prefixed) {
      session = decodeURIComponent(prefixed[1]);
      path = prefixed[2];
    }
    const wire = internals.wires.find((w) => w.match('POST', path, { stream: true })?.kind === 'chat');
    if (!ws) return refuse(socket, { status: 501 }, { error: { message: 'the emulator needs the ws package for WebSockets' } });
    if (!wire) return refuse(socket, { status: 404 }, { error: { message: `The emulator speaks no wire at ${path}` } });
    const state = this.session(session);
    if (state.refusal && state.refusal.remaining > 0) {
      state.refusal.remaining--;
      state.refused++;
      const dummy: RecordedRequest = { session, wire: wire.name, method: 'GET', path, headers: {}, body: null, stream: false, closedByClient: false, completed: true };
      const error = state.refusal.error;
      return refuse(socket, error, error.body ?? wire.renderError(error, internals.context({ error }, dummy, 'emulated-model')));
    }
    const wss = new ws.WebSocketServer({ noServer: true, perMessageDeflate: false, autoPong: !state.silent });
    wss.handleUpgrade(req, socket, head, (client) => {
      state.upgrades++;
      state.open.add(client);
      this.serve(client, { session, path, wire, id: ++this.socketIds, headers: flat(req.headers), state });
    });
  }

  private serve(client: WebSocket, socket: { session: string; path: string; wire: EmulatorWire; id: number; headers: Record<string, string>; state: SessionSockets }): void {
    const internals = this.internals();
    const { session, path, wire, state } = socket;
    const known = new Set<string>();
    let queue = Promise.resolve();
    let inFlight: RecordedRequest | undefined;
    const send = (value: JsonValue | string): void => {
      if (client.readyState === 1) client.send(typeof value === 'string' ? value : JSON.stringify(value));
    };
    const cut = (): void => {
      this.closedByServer.add(client);
      client.terminate();
    };
    client.on('ping', () => state.pings++);
    client.on('close', () => {
      state.open.delete(client);
      if (this.closedByServer.has(client)) return;
      state.closedByClient++;
      if (inFlight && !inFlight.completed) internals.clientClosed(inFlight);
    });
    client.on('message', (data) => {
      queue = queue.then(() => respond(data.toString()));
    });

    const respond = async (text: string): Promise<void> => {
      let message: Record<string, JsonValue>;
      try {
        message = JSON.parse(text) as Record<string, JsonValue>;
      } catch {
        return send({ type: 'error', status: 400, error: { type: 'invalid_request_error', code: null, message: 'The message is not valid JSON.', param: null } });
      }
      const { type, ...body } = message;
      if (type !== 'response.create') {
        return send({ type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'unknown_event_type', message: `Unsupported event type '${String(type)}'.`, param: 'type' } });
      }
      const record: RecordedRequest = { session, wire: wire.name, method: 'WS', path, headers: socket.headers, body: message, stream: true, closedByClient: false, completed: false, socket: socket.id };
      internals.record(record);
      inFlight = record;
      const previous = body.previous_response_id;
      if (typeof previous === 'string' && !known.has(previous)) {
        record.completed = true;
        return send({
          type: 'error',
          status: 400,
          error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: `Previous response with id '${previous}' not found.`, param: 'previous_response_id' },
        });
      }
      const reply: EmulatedReply = internals.takeReply(session, wire, body as JsonValue);
      const ctx = internals.context(reply, record, typeof body.model === 'string' ? body.model : 'emulated-model');
      if (reply.delayMs) await sleep(reply.delayMs);
      if (reply.fault === 'reset-before') return cut();
      if (reply.fault === 'stall-before') return;
      if (reply.error) {
        const rendered = (reply.error.body ?? wire.renderError(reply.error, ctx)) as { error?: JsonValue } | JsonValue;
        const error = (rendered as { error?: JsonValue } | null)?.error ?? rendered;
        record.completed = true;
        return send({ type: 'error', status: reply.error.status, error });
      }
      const events = wire.renderStream(ctx).frames.flatMap(payloads);
      const at = reply.afterChunks ?? Math.floor(events.length / 2);
      for (let i = 0; i < events.length; i++) {
        if (client.readyState !== 1) return;
        if (i === at) {
          if (reply.fault === 'reset-mid') return cut();
          if (reply.fault === 'stall-mid') return;
          if (reply.fault === 'malformed') send('{"type":"response.output_text.delta","delta":');
        }
        const id = /"type":"response\.created".*?"id":"([^"]+)"/.exec(events[i])?.[1];
        if (id) known.add(id);
        send(events[i]);
        if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      }
      record.completed = true;
    };
  }
}

/** Answers an upgrade with an HTTP error body (JSON, or a raw string as HTML), `Retry-After` when set. */
function refuse(socket: Duplex, error: EmulatedError, rendered: JsonValue): void {
  const body = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
  const headers = [
    `HTTP/1.1 ${error.status} Refused`,
    `content-type: ${typeof rendered === 'string' ? 'text/html' : 'application/json'}`,
    `content-length: ${Buffer.byteLength(body)}`,
    ...(error.retryAfter !== undefined ? [`retry-after: ${error.retryAfter}`] : []),
    ...Object.entries(error.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'connection: close',
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

function flat(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
