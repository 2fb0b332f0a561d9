import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { AbortedError, NetworkError, ServerError, TimeoutError } from '../../../lib/errors';
import { type ProviderEmulator, VirtualClock } from '../../../lib/testing';
import type { WebSocketTransport } from '../../../lib/transport/ws';
import { useEmulator } from '../../support/emulator-suite';
import { rejection, textOf, userText } from '../../support/responses-helpers';
import { all, openaiOn, TransportTracker, waitFor } from '../../support/ws-helpers';

/** Lets socket I/O and promise callbacks run (real time: the sockets are real). */
const settle = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('WebSocketTransport: the socket pool', () => {
  let emulator: ProviderEmulator;
  const transports = new TransportTracker();
  useEmulator((e) => (emulator = e));
  afterEach(async () => transports.disposeAll());

  const ask = (t: WebSocketTransport, text: string, signal?: AbortSignal) =>
    all(t.events({ url: emulator.url('/v1/responses'), provider: 'raw', body: { model: 'm', input: text }, signal }));

  it('bounds concurrent responses to poolSize sockets; the others wait their turn and all complete', async () => {
    emulator.script(Array.from({ length: 4 }, () => ({ text: 'a b c d e f', chunkDelayMs: 4 })));
    const t = transports.make({ poolSize: 2 });
    let maxOpen = 0;
    let maxWaiting = 0;
    const probe = setInterval(() => {
      maxOpen = Math.max(maxOpen, t.openSockets);
      maxWaiting = Math.max(maxWaiting, t.waitingRequests);
    }, 1);
    const runs = await Promise.all([1, 2, 3, 4].map((i) => ask(t, `q${i}`)));
    clearInterval(probe);
    expect(runs.every((events) => events.some((e) => (e as { type: string }).type === 'response.completed'))).toBe(true);
    expect(emulator.webSockets.stats().upgrades).toBe(2);
    expect(maxOpen).toBeLessThanOrEqual(2);
    expect(maxWaiting).toBe(2);
    expect(new Set(emulator.requests().map((r) => r.socket)).size).toBe(2);
  });

  it('a waiting request aborted by its signal leaves the queue at once; the next waiter still gets the socket', async () => {
    emulator.script([{ text: 'slow one two three', chunkDelayMs: 10 }, { text: 'second' }]);
    const t = transports.make({ poolSize: 1 });
    const first = ask(t, 'first');
    await waitFor(() => t.openSockets === 1);
    const controller = new AbortController();
    const aborted = ask(t, 'aborted', controller.signal);
    const third = ask(t, 'third');
    await waitFor(() => t.waitingRequests === 2);
    controller.abort();
    expect(await rejection(aborted)).toBeInstanceOf(AbortedError);
    expect(t.waitingRequests).toBe(1);
    await first;
    const events = await third;
    expect(events.length).toBeGreaterThan(2);
    expect(emulator.requests().map((r) => (r.body as { input: string }).input)).toEqual(['first', 'third']);
    expect(emulator.webSockets.stats().upgrades).toBe(1);
  });

  it('sends keep-alive pings, and drops a socket whose peer stops answering them', async () => {
    emulator.script([{ text: 'hi' }]);
    const t = transports.make({ pingIntervalMs: 15 });
    await ask(t, 'ping me');
    await waitFor(() => emulator.webSockets.stats().pings >= 3, 2_000, 'three pings');
    expect(t.openSockets).toBe(1);

    emulator.webSockets.ignorePings('dead');
    const dead = transports.make({ pingIntervalMs: 15 });
    await all(dead.events({ url: emulator.url('/v1/responses', 'dead'), provider: 'raw', body: { model: 'm', input: 'x' } }));
    expect(dead.openSockets).toBe(1);
    await waitFor(() => dead.openSockets === 0, 2_000, 'the silent socket to be dropped');
    await waitFor(() => emulator.webSockets.stats('dead').open === 0);
    expect(emulator.webSockets.stats('dead').pings).toBeGreaterThanOrEqual(1);
  });

  it('closes a socket left idle for idleCloseMs (virtual clock), and opens a new one on the next turn', async () => {
    const clock = new VirtualClock();
    emulator.script([{ text: 'one' }, { text: 'two' }]);
    const t = transports.make({ clock, idleCloseMs: 1_000 });
    await ask(t, 'one');
    clock.advance(999);
    expect(t.openSockets).toBe(1);
    clock.advance(1);
    expect(t.openSockets).toBe(0);
    await waitFor(() => emulator.webSockets.stats().open === 0, 2_000, 'the server to see the close');
    expect(emulator.webSockets.stats().closedByClient).toBe(1);
    await ask(t, 'two');
    expect(emulator.webSockets.stats().upgrades).toBe(2);
  });

  it('replaces a socket older than maxSocketAgeMs instead of lending it again', async () => {
    const clock = new VirtualClock();
    emulator.script([{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
    const t = transports.make({ clock, idleCloseMs: 10 * 60_000, maxSocketAgeMs: 60_000 });
    await ask(t, 'one');
    clock.advance(30_000);
    await ask(t, 'two');
    clock.advance(30_000);
    await ask(t, 'three');
    const [a, b, c] = emulator.requests().map((r) => r.socket);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(emulator.webSockets.stats().upgrades).toBe(2);
    expect(t.openSockets).toBe(1);
  });

  it('reconnects with exponential backoff after failed connects (5xx), then succeeds', async () => {
    const clock = new VirtualClock();
    emulator.script([{ text: 'finally' }]);
    emulator.refuseUpgrades({ status: 503 }, 'default', 2);
    const t = transports.make({ clock, reconnectAttempts: 2, reconnectDelayMs: 100 });
    const run = ask(t, 'hello');
    await waitFor(() => emulator.webSockets.stats().refused === 1);
    await settle();
    await clock.advanceAsync(99);
    await settle();
    expect(emulator.webSockets.stats().refused).toBe(1);
    await clock.advanceAsync(1);
    await waitFor(() => emulator.webSockets.stats().refused === 2);
    await settle();
    await clock.advanceAsync(199);
    await settle();
    expect(emulator.webSockets.stats().upgrades).toBe(0);
    await clock.advanceAsync(1);
    const events = await run;
    expect(events.some((e) => (e as { type: string }).type === 'response.completed')).toBe(true);
    expect(emulator.webSockets.stats()).toMatchObject({ refused: 2, upgrades: 1 });
  });

  it('gives up after reconnectAttempts with the typed error of the last attempt', async () => {
    emulator.refuseUpgrades({ status: 500 });
    const t = transports.make({ reconnectAttempts: 1, reconnectDelayMs: 1 });
    expect(await rejection(ask(t, 'x'))).toBeInstanceOf(ServerError);
    expect(emulator.webSockets.stats().refused).toBe(2);
  });

  it('a refused connection is a retryable NetworkError; a silent server is a TimeoutError of the upgrade', async () => {
    const accepted: Socket[] = [];
    const silent: Server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as AddressInfo).port;
    try {
      const t = transports.make({ reconnectAttempts: 0, connectTimeoutMs: 50 });
      const timedOut = await rejection(all(t.events({ url: `http://127.0.0.1:${port}/v1/responses`, provider: 'raw', body: {} })));
      expect(timedOut).toBeInstanceOf(TimeoutError);
      expect((timedOut as TimeoutError).isRetryable).toBe(true);
    } finally {
      accepted.forEach((socket) => socket.destroy());
      await new Promise<void>((r) => silent.close(() => r()));
    }
    const t = transports.make({ reconnectAttempts: 0 });
    const refused = await rejection(all(t.events({ url: `http://127.0.0.1:${port}/v1/responses`, provider: 'raw', body: {} })));
    expect(refused).toBeInstanceOf(NetworkError);
    expect((refused as NetworkError).isRetryable).toBe(true);
  });

  it('an idle pooled socket never keeps the process alive (no dispose() needed to exit)', () => {
    const started = Date.now();
    const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'fixtures', 'idle-socket-exit.ts')], { encoding: 'utf8', timeout: 15_000 });
    expect(child.stdout.trim()).toBe('done, 1 socket open');
    expect(child.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000); // idleCloseMs is 60 s: the socket did not hold the process
  });

  it('routes a chained request to the socket that holds its previous response', async () => {
    emulator.script([{ text: 'A1', chunkDelayMs: 5 }, { text: 'B1', chunkDelayMs: 5 }, { text: 'A2' }, { text: 'B2' }]);
    const t = transports.make({ poolSize: 2 });
    const provider = openaiOn(emulator, t);
    const [a1, b1] = await Promise.all([provider.complete({ messages: [userText('a')] }), provider.complete({ messages: [userText('b')] })]);
    const follow = (first: typeof a1, text: string) => [userText(text), { role: 'assistant' as const, parts: first.parts, metadata: first.metadata, status: 'completed' as const }, userText(`${text}?`)];
    // B continues first: with plain LRU it would take A's socket and lose its chain.
    const b2 = await provider.complete({ messages: follow(b1, 'b') });
    const a2 = await provider.complete({ messages: follow(a1, 'a') });
    expect([textOf(a2), textOf(b2)].sort()).toEqual(['A2', 'B2']);
    // Mis-routed, a continuation fails with previous_response_not_found and is re-sent in full: 6 requests.
    const requests = emulator.requests();
    expect(requests).toHaveLength(4);
    expect(requests.slice(2).map((r) => (r.body as { previous_response_id?: string }).previous_response_id)).toEqual([b1.metadata.id, a1.metadata.id]);
    expect(new Set(requests.map((r) => r.socket)).size).toBe(2);
  });
});
