import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { EmulatedError, EmulatedReply } from './emulator-script.types';
import type { EmulatorWire } from './emulator-wire.types';
import type { EmulatorInternals } from './provider-emulator';
import type { RecordedRequest } from './recorded-request.types';
import { flat, modelOf, parseObject, payloads, refuse } from './websocket.helpers';
import { SentOutput, SocketSteering, successorBody, type ReceivedSteer, type SteeringMode } from './websocket-steering';

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
  steering: SteeringMode;
  readonly steers: ReceivedSteer[];
}

/** What one response played on a socket left behind: its id and function calls. */
interface Played {
  readonly id: string;
  readonly calls: JsonObject[];
}

/**
 * Serves the JSON-event wires over WebSocket (the Responses API's WebSocket mode): every
 * `response.create` message consumes a scripted reply of the session and gets the wire's stream
 * events as messages, one message per event. Response ids live per socket, so a
 * `previous_response_id` from another socket fails with `previous_response_not_found`, as on the
 * real service. Faults: `reset-before`/`reset-mid` close the socket, `stall-*` stop answering,
 * `malformed` sends a non-JSON message, an `error` reply is an `error` event with its status.
 * `response.steer` (beta) is answered at once, even while a response streams: see
 * {@link SteeringMode} (`steering()` sets it per session; `steers()` lists what arrived).
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

  /** How the session's sockets answer `response.steer` (default `accept`). */
  steering(mode: SteeringMode, session = 'default'): void {
    this.session(session).steering = mode;
  }

  /** The `response.steer` messages the session's sockets received, with what they answered. */
  steers(session = 'default'): readonly ReceivedSteer[] {
    return [...this.session(session).steers];
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
    const keep = (s: SessionSockets): SessionSockets => ({ upgrades: 0, refused: 0, pings: 0, closedByClient: 0, open: s.open, silent: false, steering: 'accept', steers: [] });
    for (const [name, s] of this.sessions) if (session === undefined || name === session) this.sessions.set(name, keep(s));
  }

  private session(name: string): SessionSockets {
    let s = this.sessions.get(name);
    if (!s) this.sessions.set(name, (s = { upgrades: 0, refused: 0, pings: 0, closedByClient: 0, open: new Set(), silent: false, steering: 'accept', steers: [] }));
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
    const steering = new SocketSteering(socket.id, send, () => state.steering, (steer) => state.steers.push(steer));
    client.on('message', (data) => {
      const text = data.toString();
      const steer = /"type"\s*:\s*"response\.steer"/.test(text) ? parseObject(text) : undefined;
      if (steer?.type === 'response.steer') return steering.handle(steer);
      queue = queue.then(() => respond(text));
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
      const queued = steering.takeQueued(previous);
      let parent: JsonObject = queued.length > 0 ? { ...body, input: [...queued, ...(Array.isArray(body.input) ? body.input : body.input === undefined ? [] : [body.input])] } : body;
      if (queued.length > 0) record.steeredInput = queued;
      let reply: EmulatedReply = internals.takeReply(session, wire, parent);
      if (reply.delayMs) await sleep(reply.delayMs);
      if (reply.fault === 'reset-before') return cut();
      if (reply.fault === 'stall-before') return;
      if (reply.error) {
        const ctx = internals.context(reply, record, modelOf(parent));
        const rendered = (reply.error.body ?? wire.renderError(reply.error, ctx)) as { error?: JsonValue } | JsonValue;
        const error = (rendered as { error?: JsonValue } | null)?.error ?? rendered;
        record.completed = true;
        return send({ type: 'error', status: reply.error.status, error });
      }
      // Steered input accepted while a response streamed is answered by a successor the server starts by itself.
      for (let current = record; ; ) {
        const played = await play(current, reply, parent);
        if (!played) return;
        const input = steering.finish(played.id, played.calls);
        if (input.length === 0) return;
        parent = successorBody(parent, played.id, input);
        current = { session, wire: wire.name, method: 'WS', path, headers: socket.headers, body: parent, stream: true, closedByClient: false, completed: false, socket: socket.id, automatic: true, steeredInput: input };
        internals.record(current);
        inFlight = current;
        reply = internals.takeReply(session, wire, parent);
      }
    };

    /** Streams one reply as messages (faults, delays); ends it early as `steered` when accepted input waits. */
    const play = async (record: RecordedRequest, reply: EmulatedReply, body: JsonObject): Promise<Played | undefined> => {
      const ctx = internals.context(reply, record, modelOf(body));
      // The Responses wire's frames are SSE text.
      const events = wire.renderStream(ctx).frames.flatMap((frame) => payloads(typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8')));
      const at = reply.afterChunks ?? Math.floor(events.length / 2);
      const sent = new SentOutput();
      const endsInCalls = (reply.toolCalls?.length ?? 0) > 0;
      let id = '';
      for (let i = 0; i < events.length; i++) {
        if (client.readyState !== 1) return undefined;
        if (i === at) {
          if (reply.fault === 'reset-mid') return void cut();
          if (reply.fault === 'stall-mid') return undefined;
          if (reply.fault === 'malformed') send('{"type":"response.output_text.delta","delta":');
        }
        const event = parseObject(events[i]) ?? {};
        const last = parseObject(events[events.length - 1]);
        if (i < events.length - 1 && !endsInCalls && sent.started && steering.cutRequested) {
          send({ ...sent.incomplete((last?.response as JsonObject | undefined)?.usage), sequence_number: event.sequence_number ?? i });
          record.completed = true;
          return { id, calls: [] };
        }
        if (event.type === 'response.created') {
          id = String((event.response as JsonObject | undefined)?.id ?? '');
          known.add(id);
          steering.started(id);
        }
        sent.observe(event);
        send(events[i]);
        if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      }
      record.completed = true;
      const output = ((parseObject(events[events.length - 1])?.response as JsonObject | undefined)?.output ?? []) as JsonObject[];
      return { id, calls: output.filter((item) => item.type === 'function_call') };
    };
  }
}
