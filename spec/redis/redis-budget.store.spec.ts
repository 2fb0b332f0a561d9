import { join } from 'node:path';
import Redis from 'ioredis';
import { budgets, type BudgetLimit } from '../../lib/budget';
import { ChatBuilder } from '../../lib/chat';
import type { Usage } from '../../lib/core/usage.types';
import { BudgetExceededError, BudgetStoreError, ConfigurationError } from '../../lib/errors';
import { RedisBudgetStore } from '../../lib/redis';
import { ProviderEmulator } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';
import { freePort, type TestRedisServer, useRedisWithEmulator } from '../support/redis-server';
import { runTsChild } from '../support/ts-child';
import type { BudgetChildInput, BudgetChildOutput } from './children/budget.child';

const CHILD = join(__dirname, 'children', 'budget.child.ts');
/** Every request is estimated at 150 tokens; the emulator answers with 100 (40 in, 60 out). */
const ESTIMATE: Usage = { inputTokens: 50, outputTokens: 100, totalTokens: 150 };
const estimate = (): Usage => ESTIMATE;
const reply = (text = 'ok', delayMs = 0) => ({ text, usage: { input: 40, output: 60 }, delayMs });
const perTenant = (limit: number): BudgetLimit<{ tenant: string }> => ({ name: 'tenant-tokens', key: (c) => c.tenant, window: 'day', limit });

describe('RedisBudgetStore: one budget shared by processes through Redis', () => {
  jest.setTimeout(120_000);
  const env = useRedisWithEmulator();
  let server: TestRedisServer;
  let emulator: ProviderEmulator;
  let redis: Redis;
  beforeAll(() => {
    ({ server, emulator } = env);
    redis = env.client();
  });

  /** Every budget counter under `prefix`, with its value and remaining time to live. */
  async function counters(prefix: string): Promise<Array<{ key: string; used: number; pttl: number }>> {
    const keys = await redis.keys(`${prefix}budget:*`);
    return Promise.all(keys.map(async (key) => ({ key, used: Number(await redis.get(key)), pttl: await redis.pttl(key) })));
  }

  it('two processes running concurrent chats against one budget never overspend it by more than one request estimate; refused runs send nothing', async () => {
    const runs = 15;
    emulator.script(Array.from({ length: 2 * runs }, () => reply('ok', 15)), 'shared');
    const input: BudgetChildInput = { redisUrl: server.url, prefix: 'b1:', baseUrl: emulator.url('/v1', 'shared'), model: 'model-shared', runs, limit: 2000 };
    const [one, two] = await Promise.all([runTsChild<BudgetChildOutput>(CHILD, input), runTsChild<BudgetChildOutput>(CHILD, input)]);
    expect([...one.otherErrors, ...two.otherErrors]).toEqual([]);
    const answered = one.answered + two.answered;
    expect(answered).toBeGreaterThan(0);
    expect(one.refusedByBudget + two.refusedByBudget).toBe(2 * runs - answered);
    expect(one.refusedByBudget + two.refusedByBudget).toBeGreaterThan(0);
    expect(emulator.requests('shared').length).toBe(answered); // a refused request never reached the provider
    const spent = answered * 100;
    expect(spent).toBeLessThanOrEqual(2000 + ESTIMATE.totalTokens);
    const stored = await counters('b1:');
    expect(stored).toHaveLength(1);
    expect(stored[0].used).toBe(spent); // settled with the real usage in both processes, estimates given back
    expect(stored[0].key).not.toContain('acme'); // the caller key is hashed
    expect(stored[0].pttl).toBeGreaterThan(0); // expires after its window
    expect(stored[0].pttl).toBeLessThanOrEqual(86_400_000 + 60_000);
  });

  it('settles each request with its actual usage, and refuses (sending nothing) once the budget is spent', async () => {
    emulator.script([reply('first'), reply('second'), reply('never')], 's');
    const store = new RedisBudgetStore({ redis, prefix: 'b2:' });
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 's')).withRetry(false).withObserver(budgets({ limits: [perTenant(300)], store, estimate })).build();
    const acme = { context: { tenant: 'acme' } };
    await chat.complete('one', acme);
    expect((await counters('b2:')).map((c) => c.used)).toEqual([100]);
    await chat.complete('two', acme);
    expect((await counters('b2:')).map((c) => c.used)).toEqual([200]);
    const refused = await chat.complete('three', acme).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toMatchObject({ used: 200, limit: 300, requested: 150 });
    expect(emulator.requests('s').length).toBe(2);
    expect((await counters('b2:')).map((c) => c.used)).toEqual([200]); // the refused estimate was not kept
  });

  it('reserve and adjust: atomic add within the limit, fractional amounts, never below zero, expiry only pushed back', async () => {
    const store = new RedisBudgetStore({ redis, prefix: 'b3:' });
    const later = Date.now() + 3_600_000;
    expect(await store.reserve('cost', 0.25, 0.75, later)).toEqual({ ok: true, used: 0.25 });
    expect(await store.reserve('cost', 0.5, 0.75, later)).toEqual({ ok: true, used: 0.75 });
    expect(await store.reserve('cost', 0.125, 0.75, later)).toEqual({ ok: false, used: 0.75 });
    expect(await store.adjust('cost', -0.625, Date.now() + 1_000)).toEqual({ ok: true, used: 0.125 });
    expect(await redis.pttl(store.key('cost'))).toBeGreaterThan(60_000); // the earlier expiry did not shorten it
    expect(await store.adjust('cost', -5, later)).toEqual({ ok: true, used: 0 });
    expect(await store.reserve('fresh', 1, 0, later)).toEqual({ ok: false, used: 0 });
    expect(await redis.exists(store.key('fresh'))).toBe(0); // a refusal creates nothing
    await expect(store.reserve('cost', Number.NaN, 1, later)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(store.adjust('cost', 1, 1.5)).rejects.toThrow(/expiresAt must be epoch milliseconds/);
  });

  it('fails closed: with Redis unreachable the run ends with a typed BudgetStoreError and no request is sent', async () => {
    const port = await freePort(); // nothing listens there
    const down = new Redis({ host: '127.0.0.1', port, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => undefined);
    try {
      const store = new RedisBudgetStore({ redis: down, prefix: 'b4:' });
      const direct = await store.reserve('k', 1, 10, Date.now() + 60_000).catch((e: unknown) => e);
      expect(direct).toBeInstanceOf(BudgetStoreError);
      expect(direct).toMatchObject({ name: 'BudgetStoreError', code: 'budget_store_unavailable', provider: 'redis', isRetryable: true });
      emulator.script([reply('never')], 'd');
      const chat = new ChatBuilder().withModel(responsesAt(emulator, 'd')).withRetry(false).withObserver(budgets({ limits: [perTenant(1000)], store, estimate })).build();
      const error = await chat.complete('hi', { context: { tenant: 'acme' } }).catch((e: unknown) => e);
      expect(BudgetStoreError.is(error)).toBe(true);
      expect(emulator.requests('d').length).toBe(0);
    } finally {
      down.disconnect();
    }
  });

  it('rejects a missing client with a ConfigurationError', () => {
    expect(() => new RedisBudgetStore({} as never)).toThrow(ConfigurationError);
  });
});
