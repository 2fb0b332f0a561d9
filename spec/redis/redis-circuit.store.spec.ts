import { join } from 'node:path';
import Redis from 'ioredis';
import { CircuitBreaker } from '../../lib/router';
import { RedisCircuitStore } from '../../lib/redis';
import { ProviderEmulator, VirtualClock } from '../../lib/testing';
import { requestCounts } from '../support/emulated-providers';
import { type TestRedisServer, useRedisWithEmulator } from '../support/redis-server';
import { runTsChild } from '../support/ts-child';
import type { CircuitChildInput, CircuitChildOutput } from './children/circuit.child';

const CHILD = join(__dirname, 'children', 'circuit.child.ts');

describe('RedisCircuitStore: one circuit for every instance', () => {
  jest.setTimeout(120_000);
  const env = useRedisWithEmulator();
  let server: TestRedisServer;
  let emulator: ProviderEmulator;
  let redis: Redis;
  beforeAll(() => {
    ({ server, emulator } = env);
    redis = env.client();
  });

  const input = (prefix: string, extra: Partial<CircuitChildInput>): CircuitChildInput => ({
    redisUrl: server.url,
    prefix,
    urls: { a: emulator.url('/v1', 'a'), b: emulator.url('/v1', 'b') },
    recoveryTimeMs: 3_600_000,
    ...extra,
  });

  it('a circuit opened by failures in one process is open in another: the second process never calls the failing provider', async () => {
    emulator.script([{ error: { status: 503 } }, { error: { status: 500 } }], 'a');
    emulator.script([{ text: 'b one' }, { text: 'b two' }, { text: 'b three' }], 'b');
    const first = await runTsChild<CircuitChildOutput>(CHILD, input('t1:', { requests: 2 }));
    expect(first).toEqual({ answers: ['b one', 'b two'], stateOfA: 'open' });
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 2, b: 2 });

    const second = await runTsChild<CircuitChildOutput>(CHILD, input('t1:', { requests: 1 }));
    expect(second).toEqual({ answers: ['b three'], stateOfA: 'open' });
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 2, b: 3 });

    const stored = await redis.hgetall('t1:circuit:a');
    expect(stored).toMatchObject({ state: 'open', failures: '2' });
    expect(await redis.pttl('t1:circuit:a')).toBeGreaterThan(0);
  });

  it('failures count toward one threshold across processes (one failure each opens it)', async () => {
    emulator.script([{ error: { status: 503 } }, { error: { status: 503 } }], 'a').script([{ text: 'b1' }, { text: 'b2' }], 'b');
    const one = await runTsChild<CircuitChildOutput>(CHILD, input('t2:', { requests: 1 }));
    expect(one.stateOfA).toBe('closed');
    const two = await runTsChild<CircuitChildOutput>(CHILD, input('t2:', { requests: 1 }));
    expect(two.stateOfA).toBe('open');
  });

  it('a half-open circuit admits maxProbes probes cluster-wide: of four processes asking at once, exactly two get one', async () => {
    const parent = new CircuitBreaker({ failureThreshold: 1, recoveryTimeMs: 0, store: new RedisCircuitStore({ redis, prefix: 't3:' }) });
    await parent.recordFailure('a');
    const replies = await Promise.all(Array.from({ length: 4 }, () => runTsChild<CircuitChildOutput>(CHILD, input('t3:', { acquire: true, recoveryTimeMs: 0, maxProbes: 2 }))));
    expect(replies.filter((r) => r.granted).length).toBe(2);
    expect(replies.every((r) => r.stateOfA === 'half-open')).toBe(true);
    expect(await redis.hget('t3:circuit:a', 'probes')).toBe('2');
    // a probe's success closes the circuit for everyone
    await parent.recordSuccess('a');
    const after = await runTsChild<CircuitChildOutput>(CHILD, input('t3:', { acquire: true, recoveryTimeMs: 0 }));
    expect(after).toMatchObject({ granted: true, stateOfA: 'closed' });
  });

  it('the same steps as the in-memory store: threshold, half-open, failed probe, release, lease expiry', async () => {
    const clock = new VirtualClock();
    const events: string[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 2, recoveryTimeMs: 1000, probeLeaseMs: 5000, clock, store: new RedisCircuitStore({ redis, prefix: 't4:' }) });
    breaker.events$.subscribe((e) => events.push(`${e.from}>${e.to}`));
    await breaker.recordFailure('x');
    await breaker.recordSuccess('x');
    await breaker.recordFailure('x');
    expect(await breaker.state('x')).toBe('closed');
    await breaker.recordFailure('x');
    expect(await breaker.tryAcquire('x')).toBe(false);
    clock.advance(1000);
    expect(await breaker.tryAcquire('x')).toBe(true);
    expect(await breaker.tryAcquire('x')).toBe(false);
    await breaker.release('x');
    expect(await breaker.tryAcquire('x')).toBe(true);
    clock.advance(5000); // the probe's holder went silent: its lease ran out
    expect(await breaker.tryAcquire('x')).toBe(true);
    await breaker.recordFailure('x');
    expect(await breaker.state('x')).toBe('open');
    expect(await breaker.openSince('x')).toBe(clock.now());
    expect(events).toEqual(['closed>open', 'open>half-open', 'half-open>open']);
  });

  it('when Redis is unreachable the breaker fails open and reports the error', async () => {
    const dead = new Redis({ port: 1, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    const breaker = new CircuitBreaker({ store: new RedisCircuitStore({ redis: dead }) });
    const errors: unknown[] = [];
    breaker.storeErrors$.subscribe((e) => errors.push(e));
    expect(await breaker.tryAcquire('a')).toBe(true);
    expect(await breaker.state('a')).toBe('closed');
    expect(errors.length).toBe(2);
    dead.disconnect();
  });
});
