import { lastValueFrom, take, toArray } from 'rxjs';
import type { Message } from '../../lib/core/message.types';
import type { ProviderRequest } from '../../lib/core/provider.types';
import { AllProvidersFailedError } from '../../lib/errors';
import { CircuitBreaker, RouterBuilder, type CircuitEvent } from '../../lib/router';
import { ProviderEmulator, VirtualClock } from '../../lib/testing';
import { requestCounts, responsesAt } from '../support/emulated-providers';

const ask = (): ProviderRequest => ({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] } as Message] });
const transitions = (events: readonly CircuitEvent[]): string[] => events.map((e) => `${e.provider}:${e.from}>${e.to}`);

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, half-opens after the recovery time, one probe at a time', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, recoveryTimeMs: 1000, clock });
    const events: CircuitEvent[] = [];
    breaker.events$.subscribe((e) => events.push(e));
    await breaker.recordFailure('a');
    await breaker.recordSuccess('a'); // a success resets the count: failures must be consecutive
    await breaker.recordFailure('a');
    expect(await breaker.state('a')).toBe('closed');
    await breaker.recordFailure('a');
    expect(await breaker.state('a')).toBe('open');
    expect(await breaker.tryAcquire('a')).toBe(false);
    clock.advance(999);
    expect(await breaker.tryAcquire('a')).toBe(false);
    clock.advance(1);
    expect(await breaker.state('a')).toBe('half-open');
    expect(await breaker.tryAcquire('a')).toBe(true);
    expect(await breaker.tryAcquire('a')).toBe(false); // the probe is taken
    await breaker.recordFailure('a'); // the probe failed: open again, for a full recovery time
    expect(await breaker.state('a')).toBe('open');
    clock.advance(1000);
    expect(await breaker.tryAcquire('a')).toBe(true);
    await breaker.recordSuccess('a');
    expect(await breaker.state('a')).toBe('closed');
    expect(transitions(events)).toEqual(['a:closed>open', 'a:open>half-open', 'a:half-open>open', 'a:open>half-open', 'a:half-open>closed']);
    expect(events[0]).toMatchObject({ failures: 2, at: Date.UTC(2025, 0, 1) });
  });

  it('a released probe can be claimed again (an aborted probe is no verdict)', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, recoveryTimeMs: 10, clock });
    await breaker.recordFailure('a');
    clock.advance(10);
    expect(await breaker.tryAcquire('a')).toBe(true);
    await breaker.release('a');
    expect(await breaker.state('a')).toBe('half-open');
    expect(await breaker.tryAcquire('a')).toBe(true);
  });
});

/** The breaker inside a router, over the emulator: skip, probe, recover, last resort. */
describe('router with a circuit breaker', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const setup = (threshold = 2) => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ failureThreshold: threshold, recoveryTimeMs: 30_000, clock });
    const events: CircuitEvent[] = [];
    breaker.events$.subscribe((e) => events.push(e));
    const router = new RouterBuilder()
      .addProvider(responsesAt(emulator, 'a'), { name: 'a' })
      .addProvider(responsesAt(emulator, 'b'), { name: 'b' })
      .withCircuitBreaker(breaker)
      .build();
    return { clock, breaker, events, router };
  };

  it('skips a provider whose circuit is open, probes it after the recovery time, and closes it when the probe succeeds', async () => {
    const { clock, events, router } = setup();
    emulator.script([{ error: { status: 503 } }, { error: { status: 500 } }, { text: 'a is back' }], 'a');
    emulator.script([{ text: 'b1' }, { text: 'b2' }, { text: 'b3' }], 'b');
    await router.complete(ask());
    await router.complete(ask());
    expect(transitions(events)).toEqual(['a:closed>open']);
    expect(await router.circuitBreaker?.state('a')).toBe('open');
    await router.complete(ask()); // a is skipped: no request reaches it
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 2, b: 3 });

    clock.advance(30_000);
    const probe = await router.complete(ask());
    expect(probe.parts).toEqual([expect.objectContaining({ type: 'text', text: 'a is back' })]);
    expect(transitions(events)).toEqual(['a:closed>open', 'a:open>half-open', 'a:half-open>closed']);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 3, b: 3 });
  });

  it('a failed probe opens the circuit again and the request still falls back', async () => {
    const { clock, events, router } = setup(1);
    emulator.script([{ error: { status: 500 } }, { error: { status: 503 } }], 'a').script([{ text: 'b1' }, { text: 'b2' }], 'b');
    await router.complete(ask());
    clock.advance(30_000);
    const reply = await router.complete(ask());
    expect(reply.parts[0]).toMatchObject({ text: 'b2' });
    expect(transitions(events)).toEqual(['a:closed>open', 'a:open>half-open', 'a:half-open>open']);
  });

  it('a request served earlier in the order leaves a later half-open probe free', async () => {
    const { clock, breaker, router } = setup(1);
    // b opens first, then a healthy a serves a request while b is half-open: b's probe must stay free
    await breaker.recordFailure('b');
    clock.advance(30_000);
    expect(await breaker.state('b')).toBe('half-open');
    emulator.script([{ text: 'a1' }, { error: { status: 500 } }], 'a').script([{ text: 'b probe' }], 'b');
    await router.complete(ask());
    const second = await router.complete(ask()); // a fails: b's probe is taken now
    expect(second.parts[0]).toMatchObject({ text: 'b probe' });
    expect(await breaker.state('b')).toBe('closed');
  });

  it('concurrent requests: the one holding the probe goes to the half-open provider, the other skips it', async () => {
    const { clock, breaker, router } = setup(1);
    await breaker.recordFailure('a');
    clock.advance(30_000);
    emulator.script([{ text: 'probe answer', delayMs: 60 }], 'a').script([{ text: 'b answer' }], 'b');
    const [first, second] = await Promise.all([router.complete(ask()), router.complete(ask())]);
    expect([first.parts[0], second.parts[0]]).toEqual([expect.objectContaining({ text: 'probe answer' }), expect.objectContaining({ text: 'b answer' })]);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 1 });
    expect(await breaker.state('a')).toBe('closed');
  });

  it('when every circuit is open, the one open longest is tried as a last resort', async () => {
    const { clock, breaker, events, router } = setup(1);
    await breaker.recordFailure('b');
    clock.advance(1000);
    await breaker.recordFailure('a');
    emulator.script([{ text: 'b, last resort' }], 'b');
    const reply = await router.complete(ask());
    expect(reply.parts[0]).toMatchObject({ text: 'b, last resort' });
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 0, b: 1 });
    expect(await breaker.state('b')).toBe('closed');
    expect(transitions(events).at(-1)).toBe('b:open>closed');

    // when the last resort fails too, its error comes back (one call was made)
    await breaker.recordFailure('b');
    clock.advance(10);
    emulator.script([{ error: { status: 503 } }], 'a');
    const error = await router.complete(ask()).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(AllProvidersFailedError);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 1 });
  });

  it('unsubscribing a probing stream gives the probe back', async () => {
    const { clock, breaker, router } = setup(1);
    await breaker.recordFailure('a');
    clock.advance(30_000);
    emulator.script([{ text: 'one two three four five six', chunkDelayMs: 30 }], 'a');
    const closed = emulator.waitForClientClose();
    await lastValueFrom(router.stream(ask()).pipe(take(1)));
    await closed;
    expect(await breaker.state('a')).toBe('half-open');
    expect(await breaker.tryAcquire('a')).toBe(true);
  });

  it('events$ reports transitions as they happen, for metrics', async () => {
    const { clock, breaker, router } = setup(1);
    const collected = lastValueFrom(breaker.events$.pipe(take(3), toArray()));
    emulator.script([{ error: { status: 500 } }, { text: 'ok' }], 'a').script([{ text: 'b' }], 'b');
    await router.complete(ask());
    clock.advance(30_000);
    await router.complete(ask());
    expect((await collected).map((e) => [e.provider, e.to])).toEqual([
      ['a', 'open'],
      ['a', 'half-open'],
      ['a', 'closed'],
    ]);
  });
});
