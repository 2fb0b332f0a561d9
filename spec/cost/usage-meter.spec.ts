import { lastValueFrom } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import { usageMeter, type PriceTable, type UsageReport } from '../../lib/cost';
import { fixedDelay } from '../../lib/retry';
import { RouterBuilder } from '../../lib/router';
import { ProviderEmulator } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';
import { makeTool } from '../support/test-tools';

// made-up prices
const prices: PriceTable = {
  currency: 'EUR',
  asOf: '2026-01-15',
  prices: [
    { provider: '*', model: 'model-a', perMillion: { input: 1_000, output: 2_000 } },
    { provider: '*', model: 'model-b', perMillion: { input: 10_000, output: 20_000 } },
  ],
};

describe('usageMeter(): usage and cost over the tool loop, retries and router fallbacks', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  it('sums every step of the tool loop; the cost is on the response and on the usage hook', async () => {
    emulator.script(
      [
        { toolCalls: [{ id: 'c1', name: 'lookup', arguments: {} }], usage: { input: 100, output: 10 } },
        { toolCalls: [{ id: 'c2', name: 'lookup', arguments: {} }], usage: { input: 200, output: 20 } },
        { text: 'done', usage: { input: 300, output: 30 } },
      ],
      'a',
    );
    const reports: UsageReport[] = [];
    const chat = new ChatBuilder()
      .withModel(responsesAt(emulator, 'a'))
      .withTools([makeTool({ name: 'lookup', execute: () => 'found' })])
      .withObserver(usageMeter({ prices, onUsage: (r) => void reports.push(r) }))
      .build();
    const reply = await chat.complete('go', { context: { user: 'u1' } });
    expect(reply.usage).toMatchObject({ inputTokens: 600, outputTokens: 60 });
    expect(reply.cost?.currency).toBe('EUR');
    expect(reply.cost?.total).toBeCloseTo(0.6 + 0.12);
    expect(reports.map((r) => [r.kind, r.step, r.usage.inputTokens])).toEqual([
      ['request', 1, 100],
      ['request', 2, 200],
      ['request', 3, 300],
      ['run', undefined, 600],
    ]);
    expect(reports[3]).toMatchObject({ context: { user: 'u1' }, status: 'completed', cost: reply.cost });
  });

  it('prices each request by the model that answered: a router fallback to a dearer model, streamed, cost on the finish event', async () => {
    emulator.script([{ error: { status: 503 } }], 'a').script([{ text: 'from b', usage: { input: 100, output: 100 } }], 'b');
    const router = new RouterBuilder().addProvider(responsesAt(emulator, 'a'), { name: 'a' }).addProvider(responsesAt(emulator, 'b'), { name: 'b' }).build();
    const reports: UsageReport[] = [];
    const chat = new ChatBuilder().withModel(router).withRetry(false).withObserver(usageMeter({ prices, onUsage: (r) => void reports.push(r) })).build();
    const finish = await lastValueFrom(chat.stream('hi'));
    expect(finish.type).toBe('finish');
    if (finish.type !== 'finish') return;
    expect(finish.cost?.total).toBeCloseTo(1 + 2); // model-b prices
    expect(reports[0]).toMatchObject({ kind: 'request', model: 'model-b' });
  });

  it('a retried request counts the attempt that answered; a failing usage hook does not fail the call', async () => {
    emulator.script([{ error: { status: 500 } }, { text: 'ok', usage: { input: 50, output: 5 } }], 'a');
    const chat = new ChatBuilder()
      .withModel(responsesAt(emulator, 'a'))
      .withRetry(fixedDelay(0, 2))
      .withObserver(
        usageMeter({
          prices,
          onUsage: () => {
            throw new Error('ledger down');
          },
        }),
      )
      .build();
    const reply = await chat.complete('hi');
    expect(reply.text).toBe('ok');
    expect(reply.usage.inputTokens).toBe(50);
    expect(reply.cost?.total).toBeCloseTo(0.05 + 0.01);
  });

  it('reasoning and cached-read tokens add up over the tool loop and a retry, on the response, the finish event and each report', async () => {
    const script = () =>
      emulator.script(
        [
          { toolCalls: [{ id: 'c1', name: 'lookup', arguments: {} }], usage: { input: 100, output: 10, reasoning: 4, cached: 60 } },
          { error: { status: 500 } },
          { text: 'done', usage: { input: 200, output: 20, reasoning: 8, cached: 150 } },
        ],
        'a',
      );
    const reports: UsageReport[] = [];
    const chat = new ChatBuilder()
      .withModel(responsesAt(emulator, 'a'))
      .withRetry(fixedDelay(0, 2))
      .withTools([makeTool({ name: 'lookup', execute: () => 'found' })])
      .withObserver(usageMeter({ onUsage: (r) => void reports.push(r) }))
      .build();
    const summed = { inputTokens: 300, outputTokens: 30, totalTokens: 330, reasoningTokens: 12, cachedInputTokens: 210 };
    script();
    expect((await chat.complete('go')).usage).toEqual(summed);
    expect(reports.map((r) => [r.kind, r.step, r.attempt, r.usage.reasoningTokens, r.usage.cachedInputTokens])).toEqual([
      ['request', 1, 1, 4, 60],
      ['request', 2, 2, 8, 150], // the failed first attempt reported nothing
      ['run', undefined, undefined, 12, 210],
    ]);
    script();
    const finish = await lastValueFrom(chat.stream('go'));
    expect(finish).toMatchObject({ type: 'finish', usage: summed });
  });

  it('without prices there is no cost, and the chat behaves as before', async () => {
    emulator.script([{ text: 'plain', usage: { input: 1, output: 1 } }], 'a');
    const reply = await new ChatBuilder().withModel(responsesAt(emulator, 'a')).withObserver(usageMeter()).build().complete('hi');
    expect(reply.text).toBe('plain');
    expect(reply.cost).toBeUndefined();
  });
});
