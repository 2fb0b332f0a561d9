import { join } from 'node:path';
import Redis from 'ioredis';
import { lastValueFrom } from 'rxjs';
import type { ProviderRequest } from '../../lib/core/provider.types';
import { ConfigurationError, RateLimitError } from '../../lib/errors';
import { RedisCounterStore, RedisHoldStore } from '../../lib/redis';
import { RouterBuilder, SharedLimitProvider } from '../../lib/router';
import { ProviderEmulator } from '../../lib/testing';
import { requestCounts, responsesAt } from '../support/emulated-providers';
import { type TestRedisServer, useRedisWithEmulator } from '../support/redis-server';
import { runTsChild } from '../support/ts-child';
import type { LimitsChildInput, LimitsChildOutput } from './children/limits.child';

const CHILD = join(__dirname, 'children', 'limits.child.ts');
const ask = (): ProviderRequest => ({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] });

describe('shared counters and Retry-After holds in Redis', () => {
  jest.setTimeout(120_000);
  const env = useRedisWithEmulator();
  let server: TestRedisServer;
  let emulator: ProviderEmulator;
  let redis: Redis;
  beforeAll(() => {
    ({ server, emulator } = env);
    redis = env.client();
  });

  it('three processes consuming at once never overshoot the limit, and fractional adds sum exactly', async () => {
    const input: LimitsChildInput = { redisUrl: server.url, prefix: 'c1:', consume: { times: 10, limit: 25, spend: 0.25 } };
    const replies = await Promise.all([1, 2, 3].map(() => runTsChild<LimitsChildOutput>(CHILD, input)));
    expect(replies.reduce((sum, r) => sum + (r.granted ?? 0), 0)).toBe(25);
    const counters = new RedisCounterStore({ redis, prefix: 'c1:' });
    expect((await counters.get('slots')).total).toBe(25);
    const spent = await counters.get('spent');
    expect(spent.total).toBe(7.5);
    expect(spent.resetInMs).toBeGreaterThan(0);
    expect(spent.resetInMs).toBeLessThanOrEqual(3_600_000);
  });

  it('a 429 with Retry-After seen by one process holds back another: it fails at once with a RateLimitError and sends nothing', async () => {
    emulator.script([{ error: { status: 429, retryAfter: 30 } }, { text: 'should not be asked' }], 'p');
    const input: LimitsChildInput = { redisUrl: server.url, prefix: 'h1:', askUrl: emulator.url('/v1', 'p') };
    const first = await runTsChild<LimitsChildOutput>(CHILD, input);
    expect(first.error).toMatchObject({ name: 'RateLimitError', status: 429, retryAfterSeconds: 30 });
    const second = await runTsChild<LimitsChildOutput>(CHILD, input);
    expect(second.error).toMatchObject({ name: 'RateLimitError', code: 'shared_retry_after_hold' });
    expect(second.error?.retryAfterSeconds).toBeGreaterThan(0);
    expect(second.error?.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(requestCounts(emulator, 'p')).toEqual({ p: 1 });
    expect(await redis.pttl('h1:hold:p')).toBeGreaterThan(0);
  });

  it('a held provider inside a router: the router falls back to the next one without calling it', async () => {
    const holds = new RedisHoldStore({ redis, prefix: 'h2:' });
    await holds.hold('a', 60_000);
    emulator.script([{ text: 'b answers' }], 'b');
    const router = new RouterBuilder()
      .addProvider(new SharedLimitProvider(responsesAt(emulator, 'a'), { holds, key: 'a' }), { name: 'a' })
      .addProvider(responsesAt(emulator, 'b'), { name: 'b' })
      .build();
    const reply = await router.complete(ask());
    expect(reply.parts[0]).toMatchObject({ text: 'b answers' });
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 0, b: 1 });
  });

  it('a shared request rate: two instances with their own connections share one limit of 2 per window', async () => {
    const other = new Redis(server.url);
    try {
      emulator.script([{ text: 'one' }, { text: 'two' }, { text: 'three' }], 'r');
      const instance = (client: Redis) =>
        new SharedLimitProvider(responsesAt(emulator, 'r'), { key: 'r', requests: { counters: new RedisCounterStore({ redis: client, prefix: 'r1:' }), limit: 2, windowMs: 3_600_000 } });
      const [a, b] = [instance(redis), instance(other)];
      await a.complete(ask());
      await b.complete(ask());
      const error = await a.complete(ask()).catch((e: unknown) => e);
      expect(RateLimitError.is(error)).toBe(true);
      expect(error).toMatchObject({ code: 'shared_rate_limit' });
      expect((error as RateLimitError).retryAfterSeconds).toBeGreaterThan(0);
      expect(requestCounts(emulator, 'r')).toEqual({ r: 2 });
    } finally {
      other.disconnect();
    }
  });

  it('streams too: a 429 on a stream starts the hold before the error arrives; the next stream is held back when subscribed, without a request', async () => {
    emulator.script([{ error: { status: 429, retryAfter: 20 } }, { text: 'never' }], 's');
    const holds = new RedisHoldStore({ redis, prefix: 'h3:' });
    const shared = new SharedLimitProvider(responsesAt(emulator, 's'), { holds, key: 's' });
    const first = await lastValueFrom(shared.stream(ask())).catch((e: unknown) => e);
    expect(first).toMatchObject({ status: 429 });
    expect(await holds.remainingMs('s')).toBeGreaterThan(0);
    const held = shared.stream(ask()); // cold: nothing is checked until subscribed
    expect(requestCounts(emulator, 's')).toEqual({ s: 1 });
    const second = await lastValueFrom(held).catch((e: unknown) => e);
    expect(second).toMatchObject({ name: 'RateLimitError', code: 'shared_retry_after_hold' });
    expect(requestCounts(emulator, 's')).toEqual({ s: 1 });
  });

  it('holds only extend; counters without a window last until reset; bad amounts are a ConfigurationError', async () => {
    const holds = new RedisHoldStore({ redis, prefix: 'x:' });
    await holds.hold('k', 60_000);
    await holds.hold('k', 10);
    expect(await holds.remainingMs('k')).toBeGreaterThan(10_000);
    expect(await holds.remainingMs('none')).toBe(0);
    const counters = new RedisCounterStore({ redis, prefix: 'x:' });
    expect(await counters.add('forever', 2)).toEqual({ total: 2, resetInMs: Infinity });
    expect(await counters.consume('forever', 1, 2)).toEqual({ total: 2, resetInMs: Infinity, allowed: false });
    await counters.reset('forever');
    expect(await counters.get('forever')).toEqual({ total: 0, resetInMs: 0 });
    await expect(counters.add('k', Number.NaN)).rejects.toThrow(ConfigurationError);
    await expect(counters.add('k', 1, 0)).rejects.toThrow(/windowMs must be a whole number/);
  });
});
