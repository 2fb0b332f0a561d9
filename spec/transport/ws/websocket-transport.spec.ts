import { inspect } from 'node:util';
import type { JsonObject, JsonValue } from '../../../lib/core/json.types';
import { AuthenticationError, ChatError, InvalidRequestError, RateLimitError } from '../../../lib/errors';
import type { ProviderEmulator } from '../../../lib/testing';
import { WebSocketTransport } from '../../../lib/transport/ws';
import { toWsUrl } from '../../../lib/transport/ws/websocket.transport';
import { useEmulator } from '../../support/emulator-suite';
import { rejection, userText } from '../../support/responses-helpers';
import { all, bodyOf, openaiOn, TransportTracker, WS_KEY } from '../../support/ws-helpers';

describe('WebSocketTransport: messages, authentication, refused upgrades', () => {
  let emulator: ProviderEmulator;
  const transports = new TransportTracker();
  useEmulator((e) => (emulator = e));
  afterEach(async () => transports.disposeAll());

  const eventsOf = (t: WebSocketTransport, body: JsonValue | string, headers: Record<string, string> = {}) =>
    all(t.events({ url: emulator.url('/v1/responses'), provider: 'raw', body, headers }));

  it('sends each turn as one response.create message without transport-only fields, and emits the events up to the terminal one', async () => {
    emulator.script([{ text: 'one two' }, { text: 'three' }]);
    const t = transports.make();
    const events = await eventsOf(t, { model: 'm', input: 'hi', stream: true, background: false, store: true });
    const types = events.map((e) => (e as JsonObject).type);
    expect(types[0]).toBe('response.created');
    expect(types[types.length - 1]).toBe('response.completed');
    expect(types.filter((x) => x === 'response.output_text.delta')).toHaveLength(2);
    await eventsOf(t, JSON.stringify({ model: 'm', input: 'again' }));
    const [first, second] = emulator.requests();
    expect(first.method).toBe('WS');
    expect(first.body).toEqual({ type: 'response.create', model: 'm', input: 'hi', store: true });
    expect(bodyOf(second)).toEqual({ type: 'response.create', model: 'm', input: 'again' });
    expect(second.socket).toBe(first.socket);
    expect(t.openSockets).toBe(1);
  });

  it('rejects a body that is not a JSON object with a typed error, before connecting', async () => {
    const t = transports.make();
    const failure = await rejection(eventsOf(t, 'not json'));
    expect(failure).toBeInstanceOf(InvalidRequestError);
    expect(emulator.webSockets.stats().upgrades).toBe(0);
  });

  it('delegates request() and stream() to its HTTP transport', async () => {
    emulator.script([{ text: 'over http' }]);
    const t = transports.make();
    const response = await t.request({ url: emulator.url('/v1/responses'), method: 'POST', provider: 'raw', body: { model: 'm', input: 'hi' } });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ object: 'response', status: 'completed' });
    expect(emulator.requests()[0].method).toBe('POST');
    expect(t.openSockets).toBe(0);
  });

  it('authenticates on the upgrade request and never shows the key in errors, toJSON or inspect', async () => {
    emulator.script([{ text: 'ok' }]);
    const t = transports.make({ headers: { 'x-team': 'blue' } });
    const provider = openaiOn(emulator, t);
    await provider.complete({ messages: [userText('hi')] });
    const [request] = emulator.requests();
    expect(request.headers.authorization).toBe(`Bearer ${WS_KEY}`);
    expect(request.headers['x-team']).toBe('blue');
    expect(request.headers.upgrade).toBe('websocket');

    emulator.refuseUpgrades(401);
    await t.dispose();
    const failure = (await rejection(provider.complete({ messages: [userText('hi')] }))) as ChatError;
    expect(failure).toBeInstanceOf(AuthenticationError);
    const withKeyHeader = new WebSocketTransport({ headers: { Authorization: `Bearer ${WS_KEY}` }, pingIntervalMs: 0 });
    for (const shown of [failure.message, JSON.stringify(failure), inspect(failure), String(failure.stack), JSON.stringify(t), inspect(t, { depth: 8 }), inspect(withKeyHeader, { depth: 8 }), JSON.stringify(withKeyHeader)]) {
      expect(shown).not.toContain(WS_KEY);
    }
    await withKeyHeader.dispose();
  });

  it.each([
    [401, AuthenticationError],
    [403, AuthenticationError],
    [429, RateLimitError],
  ])('a refused upgrade (%i) is the typed error HTTP gives for the same answer, without reconnecting', async (status, type) => {
    emulator.script([{ error: { status, retryAfter: 7 } }]);
    const overHttp = (await rejection(openaiOn(emulator).complete({ messages: [userText('hi')] }))) as ChatError;
    emulator.refuseUpgrades({ status, retryAfter: 7 });
    const overSocket = (await rejection(openaiOn(emulator, transports.make()).complete({ messages: [userText('hi')] }))) as ChatError;
    expect(overSocket).toBeInstanceOf(type);
    expect(overSocket.constructor).toBe(overHttp.constructor);
    expect({ status: overSocket.status, code: overSocket.code, retryable: overSocket.isRetryable }).toEqual({ status: overHttp.status, code: overHttp.code, retryable: overHttp.isRetryable });
    if (overSocket instanceof RateLimitError) expect(overSocket.retryAfterSeconds).toBe(7);
    expect(overSocket.provider).toBe('openai');
    expect(emulator.webSockets.stats()).toMatchObject({ refused: 1, upgrades: 0 });
  });

  it('maps http(s) URLs to ws(s)', () => {
    expect(toWsUrl('https://api.openai.com/v1/responses')).toBe('wss://api.openai.com/v1/responses');
    expect(toWsUrl('http://127.0.0.1:8080/v1/responses')).toBe('ws://127.0.0.1:8080/v1/responses');
    expect(toWsUrl('wss://already/v1')).toBe('wss://already/v1');
  });
});
