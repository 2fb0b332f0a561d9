import type { Cost } from '../core/cost.types';
import type { Usage } from '../core/usage.types';
import type { ModelPrice, PriceTable } from './price-table.types';

/** Which model a usage belongs to (e.g. a response's `metadata`). */
export interface PricedModel {
  readonly provider: string;
  readonly model: string;
}

function matches(pattern: string, value: string): boolean {
  return pattern === '*' || pattern === value || (pattern.endsWith('*') && value.startsWith(pattern.slice(0, -1)));
}

/** How specific an entry is: exact model over prefix (longer first), exact provider over `*`. */
function specificity(entry: ModelPrice): number {
  const model = entry.model.endsWith('*') ? entry.model.length - 1 : 10_000;
  return model * 2 + (entry.provider === '*' ? 0 : 1);
}

/**
 * The entry pricing `model` on `date` (`YYYY-MM-DD`, default today UTC): the most specific match,
 * and of those the latest `since` not after `date`. `undefined` when none matches.
 */
export function findPrice(table: PriceTable, model: PricedModel, date: string = new Date().toISOString().slice(0, 10)): ModelPrice | undefined {
  let best: ModelPrice | undefined;
  for (const entry of table.prices) {
    if (!matches(entry.provider, model.provider) || !matches(entry.model, model.model)) continue;
    if (entry.since !== undefined && entry.since > date) continue;
    if (!best) best = entry;
    else if (specificity(entry) > specificity(best)) best = entry;
    else if (specificity(entry) === specificity(best) && (entry.since ?? '') > (best.since ?? '')) best = entry;
  }
  return best;
}

/** A zero cost in the table's currency (the start of a sum). */
export function zeroCost(table: PriceTable): Cost {
  return { total: 0, currency: table.currency, input: 0, output: 0, reasoning: 0, cachedInput: 0, cacheWrite: 0, pricesAsOf: table.asOf, unpricedRequests: 0 };
}

/**
 * What `usage` of `model` cost by `table` (one model request, or several of the same model).
 * Input tokens read from or written to the prompt cache and reasoning tokens are priced by their
 * own kind when the entry has one. A model without a price costs 0 with `unpricedRequests: 1`.
 *
 * @example
 * const cost = costOf(response.usage, response.metadata, prices); // { total: 0.0123, currency: 'USD', ... }
 */
export function costOf(usage: Usage, model: PricedModel, table: PriceTable, date?: string): Cost {
  const entry = findPrice(table, model, date);
  if (!entry) return { ...zeroCost(table), unpricedRequests: 1 };
  const p = entry.perMillion;
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheCreationTokens ?? 0;
  const reasoningTokens = usage.reasoningTokens ?? 0;
  const per = (tokens: number, perMillion: number): number => (Math.max(0, tokens) * perMillion) / 1_000_000;
  const input = per(usage.inputTokens - cached - written, p.input);
  const cachedInput = per(cached, p.cachedInput ?? p.input);
  const cacheWrite = per(written, p.cacheWrite ?? p.input);
  const reasoning = per(reasoningTokens, p.reasoning ?? p.output);
  const output = per(usage.outputTokens - reasoningTokens, p.output);
  return { total: input + cachedInput + cacheWrite + reasoning + output, currency: table.currency, input, output, reasoning, cachedInput, cacheWrite, pricesAsOf: entry.since ?? table.asOf, unpricedRequests: 0 };
}

/** The sum of two costs of the same table. */
export function addCost(a: Cost, b: Cost): Cost {
  return {
    total: a.total + b.total,
    currency: a.currency,
    input: a.input + b.input,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
    cachedInput: a.cachedInput + b.cachedInput,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    pricesAsOf: a.pricesAsOf > b.pricesAsOf ? a.pricesAsOf : b.pricesAsOf,
    unpricedRequests: a.unpricedRequests + b.unpricedRequests,
  };
}
