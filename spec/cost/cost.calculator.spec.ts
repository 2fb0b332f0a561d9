import { addCost, costOf, findPrice, validatePriceTable, type PriceTable } from '../../lib/cost';
import { ConfigurationError } from '../../lib/errors';

// made-up prices: chat-ts ships the format, never real prices
const table: PriceTable = {
  currency: 'USD',
  asOf: '2026-01-15',
  prices: [
    { provider: 'openai', model: 'example-large', perMillion: { input: 2, output: 8, cachedInput: 0.5, reasoning: 10 } },
    { provider: 'openai', model: 'example-large', since: '2026-03-01', perMillion: { input: 1, output: 4 } },
    { provider: '*', model: 'example-*', perMillion: { input: 0.1, output: 0.4 } },
    { provider: 'claude', model: 'example-claude', perMillion: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 } },
  ],
};

describe('price tables and costOf()', () => {
  it('prices each token kind apart; reasoning is part of output, cache reads and writes part of input', () => {
    const cost = costOf({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 500_000, reasoningTokens: 100_000, totalTokens: 1_500_000 }, { provider: 'openai', model: 'example-large' }, table, '2026-02-01');
    expect(cost.input).toBeCloseTo(1.2); // 600k uncached x 2
    expect(cost.cachedInput).toBeCloseTo(0.2); // 400k x 0.5
    expect(cost.output).toBeCloseTo(3.2); // 400k x 8
    expect(cost.reasoning).toBeCloseTo(1); // 100k x 10
    expect(cost.total).toBeCloseTo(5.6);
    expect(cost).toMatchObject({ currency: 'USD', pricesAsOf: '2026-01-15', unpricedRequests: 0 });
    const claude = costOf({ inputTokens: 2_000_000, cacheCreationTokens: 1_000_000, outputTokens: 0, totalTokens: 2_000_000 }, { provider: 'claude', model: 'example-claude' }, table);
    expect([claude.input, claude.cacheWrite]).toEqual([3, 3.75]);
  });

  it('picks the entry in force on the date, the most specific model, and reports unpriced models', () => {
    expect(findPrice(table, { provider: 'openai', model: 'example-large' }, '2026-02-28')?.perMillion.input).toBe(2);
    expect(findPrice(table, { provider: 'openai', model: 'example-large' }, '2026-03-01')?.since).toBe('2026-03-01');
    expect(findPrice(table, { provider: 'gemini', model: 'example-small' })?.model).toBe('example-*');
    const unpriced = costOf({ inputTokens: 10, outputTokens: 10, totalTokens: 20 }, { provider: 'openai', model: 'other' }, table);
    expect(unpriced).toMatchObject({ total: 0, unpricedRequests: 1 });
    expect(addCost(unpriced, costOf({ inputTokens: 1e6, outputTokens: 0, totalTokens: 1e6 }, { provider: 'x', model: 'example-x' }, table))).toMatchObject({ total: 0.1, unpricedRequests: 1 });
  });

  it('rejects a malformed table with a ConfigurationError naming the field', () => {
    expect(() => validatePriceTable({ ...table, currency: 'dollars' })).toThrow(ConfigurationError);
    expect(() => validatePriceTable({ ...table, asOf: '15/01/2026' })).toThrow(/asOf/);
    expect(() => validatePriceTable({ ...table, prices: [{ provider: 'openai', model: 'm', perMillion: { input: -1, output: 1 } }] })).toThrow(/prices\[0\]\.perMillion\.input/);
    expect(() => validatePriceTable({ ...table, prices: [{ provider: 'openai', model: 'm', since: 'soon', perMillion: { input: 1, output: 1 } }] })).toThrow(/since/);
    expect(validatePriceTable(table)).toBe(table);
  });
});
