import WebSocket from 'ws';
import { ProviderEmulator } from '../../../lib/testing';
import { waitFor } from '../../support/ws-helpers';

type Event = { type: string; status?: number; error?: { code?: string | null; type?: string }; response?: { id: string } };

/** A raw client: the emulator's WebSocket mode seen without chat-ts's transport. */
class RawClient {
  readonly events: Event[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.events.push(JSON.parse(data.toString()) as Event));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    const ws = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Sends a message and resolves with the events up to the terminal one. */
  async turn(message: unknown): Promise<Event[]> {
    const start = this.events.length;
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    const terminal = (e: Event) => ['response.completed', 'response.incomplete', 'response.failed', 'error'].includes(e.type);
    while (!this.events.slice(start).some(terminal)) await new Promise((r) => setTimeout(r, 2));
    return this.events.slice(start);
  }
}

describe('emulator: the Responses API over WebSocket', () => {
  let emulator: ProviderEmulator;
  const clients: RawClient[] = [];
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(async () => emulator.close());
  beforeEach(() => emulator.reset());
  afterEach(() => clients.splice(0).forEach((c) => c.ws.terminate()));
  const open = async (session?: string) => {
    const client = await RawClient.open(emulator.url('/v1/responses', session).replace('http', 'ws'));
    clients.push(client);
    return client;
  };

  it('answers each response.create with the wire events as messages, consuming the session script', async () => {
    emulator.script([{ text: 'Hello there.' }], 'chat');
    const client = await open('chat');
    const events = await client.turn({ type: 'response.create', model: 'm', input: 'hi' });
    expect(events[0].type).toBe('response.created');
    expect(events.map((e) => e.type)).toContain('response.output_text.delta');
    expect(events[events.length - 1].type).toBe('response.completed');
    expect(emulator.requests('chat')).toMatchObject([{ method: 'WS', path: '/v1/responses', body: { type: 'response.create', input: 'hi' }, completed: true, socket: expect.any(Number) }]);
    expect(emulator.remaining('chat')).toBe(0);
  });

  it('chains only on the socket that holds the previous response', async () => {
    const a = await open();
    const first = await a.turn({ type: 'response.create', model: 'm', input: 'one' });
    const id = first[0].response!.id;
    expect((await a.turn({ type: 'response.create', model: 'm', input: 'two', previous_response_id: id })).pop()?.type).toBe('response.completed');
    const b = await open();
    const lost = await b.turn({ type: 'response.create', model: 'm', input: 'two', previous_response_id: id });
    expect(lost).toEqual([{ type: 'error', status: 400, error: expect.objectContaining({ type: 'invalid_request_error', code: 'previous_response_not_found', param: 'previous_response_id' }) }]);
  });

  it('answers a non-JSON message and an unknown message type with error events, and keeps the socket', async () => {
    const client = await open();
    expect((await client.turn('nope'))[0]).toMatchObject({ type: 'error', status: 400 });
    expect((await client.turn({ type: 'response.cancel' }))[0]).toMatchObject({ type: 'error', status: 400, error: { code: 'unknown_event_type' } });
    expect((await client.turn({ type: 'response.create', model: 'm', input: 'still here' })).pop()?.type).toBe('response.completed');
  });

  it('refuses upgrades with the wire error body and Retry-After, a given number of times', async () => {
    emulator.refuseUpgrades({ status: 429, retryAfter: 3 }, 'default', 1);
    const refused = await new Promise<{ status?: number; retryAfter?: string; body: string }>((resolve) => {
      const ws = new WebSocket(emulator.url('/v1/responses').replace('http', 'ws'));
      ws.on('error', () => undefined);
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] as string, body }));
      });
    });
    expect(refused).toMatchObject({ status: 429, retryAfter: '3' });
    expect(JSON.parse(refused.body)).toEqual({ error: expect.objectContaining({ code: 'rate_limit_exceeded' }) });
    await open(); // the refusal was for one upgrade only
    expect(emulator.webSockets.stats()).toMatchObject({ refused: 1, upgrades: 1, open: 1 });
  });

  it('counts bytes received from clients, and closes sockets from the server side', async () => {
    const before = emulator.bytesReceived();
    const client = await open();
    await client.turn({ type: 'response.create', model: 'm', input: 'x'.repeat(5_000) });
    expect(emulator.bytesReceived() - before).toBeGreaterThan(5_000);
    const closed = new Promise<number>((r) => client.ws.once('close', (code) => r(code)));
    expect(emulator.webSockets.closeSockets()).toBe(1);
    expect(await closed).toBe(1001);
    await waitFor(() => emulator.webSockets.stats().open === 0, 2_000, 'the server side to close');
    expect(emulator.webSockets.stats().closedByClient).toBe(0);
  });
});
