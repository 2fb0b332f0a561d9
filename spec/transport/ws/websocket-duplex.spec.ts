import type { JsonObject, JsonValue } from '../../../lib/core/json.types';
import type { ProviderEmulator } from '../../../lib/testing';
import type { MessageChannel } from '../../../lib/transport/transport.types';
import { useEmulator } from '../../support/emulator-suite';
import { TransportTracker, waitFor } from '../../support/ws-helpers';

const typeOf = (m: JsonValue): string => String((m as JsonObject).type);

/** `WebSocketTransport.duplex`: one socket kept past the terminal event, more messages sent on it, ended by the provider. */
describe('WebSocketTransport.duplex', () => {
  let emulator: ProviderEmulator;
  const transports = new TransportTracker();
  useEmulator((e) => (emulator = e));
  afterEach(async () => transports.disposeAll());

  const open = (t: ReturnType<TransportTracker['make']>, body: JsonValue) => {
    let channel: MessageChannel | undefined;
    const seen: JsonValue[] = [];
    let done = false;
    let failure: unknown;
    const subscription = t
      .duplex({ url: emulator.url('/v1/responses'), provider: 'raw', body }, (c) => (channel = c))
      .subscribe({ next: (m) => seen.push(m), error: (e: unknown) => (failure = e), complete: () => (done = true) });
    return { channel: () => channel!, seen, done: () => done, failure: () => failure, subscription };
  };

  it('keeps reading past response.completed, sends a second message on the same socket, and frees the socket on end()', async () => {
    emulator.script([{ text: 'first answer' }, { text: 'second answer' }]);
    const t = transports.make();
    const exchange = open(t, { model: 'm', input: 'one' });
    expect(exchange.channel().send({ type: 'response.create', model: 'm', input: 'too early' })).toBe(false); // no socket yet
    await waitFor(() => exchange.seen.some((m) => typeOf(m) === 'response.completed'), 2000, 'the first response');
    expect(exchange.done()).toBe(false);
    expect(exchange.channel().send({ type: 'response.create', model: 'm', input: 'two' })).toBe(true);
    await waitFor(() => exchange.seen.filter((m) => typeOf(m) === 'response.completed').length === 2, 2000, 'the second response');
    exchange.channel().end();
    expect(exchange.done()).toBe(true);
    expect(exchange.channel().send({ type: 'response.create', model: 'm', input: 'late' })).toBe(false);
    const [first, second] = emulator.requests();
    expect(second.socket).toBe(first.socket);
    expect(second.body).toEqual({ type: 'response.create', model: 'm', input: 'two' });
    // the socket went back to the pool: the next exchange reuses it
    await new Promise<void>((resolve, reject) => t.events({ url: emulator.url('/v1/responses'), provider: 'raw', body: { model: 'm', input: 'three' } }).subscribe({ error: reject, complete: resolve }));
    expect(emulator.requests()[2].socket).toBe(first.socket);
    expect(t.openSockets).toBe(1);
  });

  it('unsubscribing before end() closes the socket (the response may still run)', async () => {
    emulator.script([{ text: 'one two three four five six', chunkDelayMs: 20 }]);
    const t = transports.make();
    const closed = emulator.waitForClientClose();
    const exchange = open(t, { model: 'm', input: 'long' });
    await waitFor(() => exchange.seen.some((m) => typeOf(m) === 'response.output_text.delta'), 2000, 'a delta');
    exchange.subscription.unsubscribe();
    await closed;
    expect(emulator.requests()[0].closedByClient).toBe(true);
    expect(t.openSockets).toBe(0);
  });
});
