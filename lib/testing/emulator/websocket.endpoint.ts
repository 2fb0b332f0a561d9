import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { JsonValue } from '../../core/json.types';
import type { EmulatorInternals, ProviderEmulator } from './provider-emulator';
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

function refuse(socket: Duplex, status: number): void {
  const body = JSON.stringify({ error: { message: `Upgrade refused (${status})`, type: status === 429 ? 'rate_limit_error' : 'invalid_request_error', code: status === 401 ? 'invalid_api_key' : null } });
  socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/**
 * Serves the JSON-event wires over WebSocket (the Responses API's WebSocket mode): every
 * `response.create` message consumes a scripted reply and gets the wire's stream events as
 * messages. Response ids live per socket, so `previous_response_id` from another socket fails with
 * `previous_response_not_found`, as on the real service. Needs `ws` (upgrades get 501 without it).
 */
export function attachWebSockets(server: Server, emulator: ProviderEmulator): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const internals: EmulatorInternals = emulator.internals();
    const ws = loadWs();
    let path = (req.url ?? '/').split('?')[0];
    let session = String(req.headers['x-emulator-session'] ?? 'default');
    const prefixed = /^\/s\/([^/]+)(\/.*)$/.exec(path);
    if (prefixed) {
      session = decodeURIComponent(prefixed[1]);
      path = prefixed[2];
    }
    if (!ws) return refuse(socket, 501);
    const refusal = internals.refusal(session);
    if (refusal) return refuse(socket, refusal);
    const wire = internals.wires.find((w) => w.match('POST', path, { stream: true })?.kind === 'chat');
    if (!wire) return refuse(socket, 404);
    const wss = new ws.WebSocketServer({ noServer: true, perMessageDeflate: false });
    wss.handleUpgrade(req, socket, head, (client) => {
      const known = new Set<string>();
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
      let queue = Promise.resolve();
      let inFlight: RecordedRequest | undefined;
      client.on('close', () => {
        if (inFlight && !inFlight.completed) internals.clientClosed(inFlight);
      });
      client.on('message', (data) => {
        queue = queue.then(() => respond(data.toString()));
      });
      const send = (value: JsonValue | string): void => {
        if (client.readyState === 1) client.send(typeof value === 'string' ? value : JSON.stringify(value));
      };
      const respond = async (text: string): Promise<void> => {
        let message: Record<string, JsonValue>;
        try {
          message = JSON.parse(text) as Record<string, JsonValue>;
        } catch {
          return send({ type: 'error', status: 400, error: { type: 'invalid_request_error', message: 'message is not JSON' } });
        }
        const { type, ...body } = message;
        if (type !== 'response.create') {
          return send({ type: 'error', status: 400, error: { type: 'invalid_request_error', message: `unsupported message type ${String(type)}` } });
        }
        const record: RecordedRequest = { session, wire: wire.name, method: 'WS', path, headers, body: { type, ...body }, stream: true, closedByClient: false, completed: false };
        internals.record(record);
        inFlight = record;
        const previous = body.previous_response_id;
        if (typeof previous === 'string' && !known.has(previous)) {
          record.completed = true;
          return send({ type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: `Previous response with id '${previous}' not found.`, param: 'previous_response_id' } });
        }
        const reply = internals.takeReply(session, wire, body as JsonValue);
        const ctx = internals.context(reply, record, typeof body.model === 'string' ? body.model : 'emulated-model');
        if (reply.delayMs) await sleep(reply.delayMs);
        if (reply.fault === 'reset-before') return client.terminate();
        if (reply.fault === 'stall-before') return;
        if (reply.error) {
          const rendered = (reply.error.body ?? wire.renderError(reply.error, ctx)) as { error?: JsonValue } | JsonValue;
          const error = (rendered as { error?: JsonValue })?.error ?? rendered;
          record.completed = true;
          return send({ type: 'error', status: reply.error.status, error });
        }
        const events = wire.renderStream(ctx).frames.flatMap(payloads);
        const cut = reply.afterChunks ?? Math.floor(events.length / 2);
        for (let i = 0; i < events.length; i++) {
          if (client.readyState !== 1) return;
          if (i === cut) {
            if (reply.fault === 'reset-mid') return client.terminate();
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
    });
  });
}
