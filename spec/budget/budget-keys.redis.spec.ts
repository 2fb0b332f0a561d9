import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { budgets, windowAt, type BudgetLimit } from '../../lib/budget';
import { ChatBuilder } from '../../lib/chat';
import type { Usage } from '../../lib/core/usage.types';
import { RedisBudgetStore } from '../../lib/redis';
import { ProviderEmulator, VirtualClock } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';
import { type TestRedisServer, useRedisWithEmulator } from '../support/redis-server';

const estimate = (): Usage => ({ inputTokens: 50, outputTokens: 100, totalTokens: 150 });
const hashed = (caller: string): string => createHash('sha256').update(caller).digest('hex').slice(0, 32);

describe('budget counters in Redis: one namespace, exact key names', () => {
  jest.setTimeout(60_000);
  const env = useRedisWithEmulator();
  let server: TestRedisServer;
  let emulator: ProviderEmulator;
  let redis: Redis;
  beforeAll(() => {
    ({ server, emulator } = env);
    redis = env.client();
  });

  it('with the default prefix a counter is chat-ts:budget:<budget>:<hashed caller>:<window>:<start>, the namespace written once', async () => {
    const now = Date.now(); // counters expire on the server's clock: stay on it
    const clock = new VirtualClock(now);
    emulator.script([{ text: 'ok', usage: { input: 40, output: 60 } }], 'k');
    const limits: BudgetLimit<{ tenant: string; user: string }>[] = [
      { name: 'tenant-daily', key: (c) => c.tenant, window: 'day', limit: 10_000 },
      { name: 'user-minute', key: (c) => c.user, window: 'minute', limit: 10_000 },
    ];
    const store = new RedisBudgetStore({ redis });
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'k')).withObserver(budgets({ limits, store, estimate, clock })).build();
    await chat.complete('hi', { context: { tenant: 'acme', user: 'u-1' } });

    const keys = (await redis.keys('*')).sort();
    expect(keys).toEqual(
      [
        `chat-ts:budget:tenant-daily:${hashed('acme')}:day:${windowAt('day', now).start}`,
        `chat-ts:budget:user-minute:${hashed('u-1')}:minute:${windowAt('minute', now).start}`,
      ].sort(),
    );
    expect(keys.every((key) => key.split('chat-ts:').length === 2 && key.split('budget:').length === 2)).toBe(true);
    expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(['100', '100']);
  });

  it('a custom prefix replaces the default one', async () => {
    emulator.script([{ text: 'ok', usage: { input: 40, output: 60 } }], 'p');
    const now = Date.now();
    const store = new RedisBudgetStore({ redis, prefix: 'shop:' });
    const limits: BudgetLimit<{ tenant: string }>[] = [{ name: 'tenant-monthly', key: (c) => c.tenant, window: 'month', limit: 10_000 }];
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'p')).withObserver(budgets({ limits, store, estimate, clock: new VirtualClock(now) })).build();
    await chat.complete('hi', { context: { tenant: 'acme' } });
    expect(await redis.keys('shop:*')).toEqual([`shop:budget:tenant-monthly:${hashed('acme')}:month:${windowAt('month', now).start}`]);
  });
});
