import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import { budgets, InMemoryBudgetStore, type BudgetEvent, type BudgetLimit } from '../../lib/budget';
import type { Usage } from '../../lib/core/usage.types';
import { BudgetExceededError, ConfigurationError } from '../../lib/errors';
import { fixedDelay } from '../../lib/retry';
import { ProviderEmulator, VirtualClock } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';

interface Caller {
  readonly tenant: string;
}

/** Every request is estimated at 150 tokens; the emulator answers with 100 (40 in, 60 out). */
const ESTIMATE: Usage = { inputTokens: 50, outputTokens: 100, totalTokens: 150 };
const estimate = (): Usage => ESTIMATE;
const reply = (text = 'ok', delayMs = 0) => ({ text, usage: { input: 40, output: 60 }, delayMs });
const perTenant = (limit: Partial<BudgetLimit<Caller>> = {}): BudgetLimit<Caller> => ({ name: 'tenant-tokens', key: (c) => c?.tenant, window: 'day', limit: 1000, ...limit });

/** An in-memory store that remembers which counters were touched. */
class WatchedStore extends InMemoryBudgetStore {
  readonly keys = new Set<string>();
  override async reserve(key: string, amount: number, limit: number, expiresAt: number) {
    this.keys.add(key);
    return super.reserve(key, amount, limit, expiresAt);
  }
  total(): number {
    return [...this.keys].reduce((sum, key) => sum + this.peek(key), 0);
  }
}

describe('budgets(): spending limits per caller', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const provider = () => responsesAt(emulator, 'a');
  const sent = () => emulator.requests('a').length;

  it('concurrent runs against one budget never overspend by more than one request estimate; refused runs send nothing', async () => {
    const runs = 30;
    emulator.script(Array.from({ length: runs }, () => reply('ok', 15)), 'a');
    const store = new WatchedStore();
    const chat = new ChatBuilder().withModel(provider()).withRetry(false).withObserver(budgets<Caller>({ limits: [perTenant({ limit: 2000 })], store, estimate })).build();
    const outcomes = await Promise.allSettled(Array.from({ length: runs }, () => chat.complete('hello', { context: { tenant: 'acme' } })));
    const answered = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(answered).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((o) => BudgetExceededError.is((o as PromiseRejectedResult).reason))).toBe(true);
    expect(sent()).toBe(answered); // a refused request never reached the provider
    const spent = answered * 100;
    expect(store.total()).toBe(spent); // settled with the real usage, estimates given back
    expect(spent).toBeLessThanOrEqual(2000 + ESTIMATE.totalTokens);
  });

  it('a refusal is a typed, non-retryable BudgetExceededError that never shows the caller key', async () => {
    emulator.script([reply(), reply()], 'a');
    const secretKey = 'sk-tenant-0123456789abcdef';
    const limits: BudgetLimit<{ apiKey: string }>[] = [{ name: 'per-key-minute', key: (c) => c.apiKey, window: 'minute', limit: 200 }];
    const chat = new ChatBuilder().withModel(provider()).withObserver(budgets({ limits, estimate })).build();
    await chat.complete('one', { context: { apiKey: secretKey } });
    const error = await chat.complete('two', { context: { apiKey: secretKey } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    const refusal = error as BudgetExceededError;
    expect(refusal).toMatchObject({ budget: 'per-key-minute', window: 'minute', unit: 'tokens', limit: 200, used: 100, requested: 150, isRetryable: false });
    expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(`${refusal.message} ${JSON.stringify(refusal)}`).not.toContain(secretKey);
    expect(sent()).toBe(1);
  });

  it('budgets are per caller; a call whose context has no key is not limited', async () => {
    emulator.script([reply(), reply(), reply()], 'a');
    const chat = new ChatBuilder().withModel(provider()).withObserver(budgets<Caller>({ limits: [perTenant({ limit: 150 })], estimate })).build();
    await chat.complete('a', { context: { tenant: 'one' } });
    await chat.complete('b', { context: { tenant: 'two' } });
    await chat.complete('c');
    await expect(chat.complete('d', { context: { tenant: 'one' } })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(sent()).toBe(3);
  });

  it('a window resets when it ends (minute window on a virtual clock)', async () => {
    emulator.script([reply(), reply()], 'a');
    const clock = new VirtualClock(Date.UTC(2026, 0, 15, 12, 0, 10));
    const chat = new ChatBuilder().withModel(provider()).withObserver(budgets<Caller>({ limits: [perTenant({ window: 'minute', limit: 200 })], estimate, clock })).build();
    const acme = { context: { tenant: 'acme' } };
    await chat.complete('one', acme);
    await expect(chat.complete('two', acme)).rejects.toMatchObject({ name: 'BudgetExceededError', resetsAt: Date.UTC(2026, 0, 15, 12, 1, 0) });
    clock.advance(50_000);
    expect((await chat.complete('three', acme)).text).toBe('ok');
  });

  it('a failed attempt gives its reservation back, so the retry fits', async () => {
    emulator.script([{ error: { status: 500 } }, reply('after retry')], 'a');
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 2)).withObserver(budgets<Caller>({ limits: [perTenant({ limit: 200 })], estimate })).build();
    expect((await chat.complete('hi', { context: { tenant: 'acme' } })).text).toBe('after retry');
  });

  it('a soft limit warns (warning event, response warnings, onEvent) and still sends', async () => {
    emulator.script([reply(), reply('second')], 'a');
    const events: BudgetEvent[] = [];
    const chat = new ChatBuilder()
      .withModel(provider())
      .withObserver(budgets<Caller>({ limits: [perTenant({ limit: undefined, softLimit: 200 })], estimate, onEvent: (e) => void events.push(e) }))
      .build();
    const first = await chat.complete('one', { context: { tenant: 'acme' } });
    expect(first.warnings).toBeUndefined();
    const streamed = await lastValueFrom(chat.stream('two', { context: { tenant: 'acme' } }).pipe(toArray()));
    expect(streamed.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message)).toEqual(['Budget "tenant-tokens" is past its soft limit: 250 of 200 tokens this day']);
    expect(streamed[streamed.length - 1]).toMatchObject({ type: 'finish', status: 'completed' });
    expect(events).toEqual([{ type: 'soft-limit', budget: 'tenant-tokens', window: 'day', unit: 'tokens', used: 250, limit: 200 }]);
    emulator.script([reply('third')], 'a');
    const third = await chat.complete('three', { context: { tenant: 'acme' } });
    expect(third.warnings?.[0]).toMatch(/Budget "tenant-tokens" is past its soft limit/);
  });

  it('cost budgets price the estimate and the answer with the price table', async () => {
    emulator.script([reply(), reply()], 'a');
    const prices = { currency: 'USD', asOf: '2026-01-15', prices: [{ provider: '*', model: 'model-a', perMillion: { input: 1000, output: 1000 } }] };
    // 150 tokens estimated = 0.15; 100 spent = 0.1
    const chat = new ChatBuilder().withModel(provider()).withObserver(budgets<Caller>({ limits: [perTenant({ unit: 'cost', limit: 0.2 })], prices, estimate })).build();
    await chat.complete('one', { context: { tenant: 'acme' } });
    await expect(chat.complete('two', { context: { tenant: 'acme' } })).rejects.toMatchObject({ unit: 'cost', limit: 0.2 });
  });

  it('a stream refused by a budget errors with BudgetExceededError and sends nothing', async () => {
    const chat = new ChatBuilder().withModel(provider()).withObserver(budgets<Caller>({ limits: [perTenant({ limit: 100 })], estimate })).build();
    await expect(lastValueFrom(chat.stream('hi', { context: { tenant: 'acme' } }))).rejects.toBeInstanceOf(BudgetExceededError);
    expect(sent()).toBe(0);
  });

  it('rejects bad limits with a ConfigurationError', () => {
    expect(() => budgets({ limits: [] })).toThrow(ConfigurationError);
    expect(() => budgets<Caller>({ limits: [perTenant({ unit: 'cost' })] })).toThrow(/price table/);
    expect(() => budgets<Caller>({ limits: [perTenant({ limit: undefined })] })).toThrow(/limit or a softLimit/);
    expect(() => budgets<Caller>({ limits: [perTenant({ limit: -1 })] })).toThrow(/>= 0/);
    expect(() => budgets<Caller>({ limits: [perTenant(), perTenant()] })).toThrow(/unique/);
  });
});
