/**
 * One app instance of the shared-budget spec, in its own process: `runs` concurrent chats for
 * tenant `acme` against one Redis budget (limit `limit` tokens a day, every request estimated at
 * 150 tokens), on the emulator. Reports how many were answered and how each refusal was typed.
 */
import Redis from 'ioredis';
import { budgets } from '../../../lib/budget';
import { ChatBuilder } from '../../../lib/chat';
import { BudgetExceededError } from '../../../lib/errors';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { RedisBudgetStore } from '../../../lib/redis';
import { childMain } from '../../support/ts-child';

export interface BudgetChildInput {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly baseUrl: string;
  readonly model: string;
  readonly runs: number;
  readonly limit: number;
}

export interface BudgetChildOutput {
  readonly answered: number;
  readonly refusedByBudget: number;
  readonly otherErrors: string[];
}

childMain<BudgetChildInput, BudgetChildOutput>(async (input) => {
  const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const provider = new ResponsesBuilder().withModel(input.model).withBaseUrl(input.baseUrl).withApiKey('sk-emulator').build();
    const store = new RedisBudgetStore({ redis, prefix: input.prefix });
    const estimate = () => ({ inputTokens: 50, outputTokens: 100, totalTokens: 150 });
    const chat = new ChatBuilder()
      .withModel(provider)
      .withRetry(false)
      .withObserver(budgets<{ tenant: string }>({ limits: [{ name: 'tenant-tokens', key: (c) => c.tenant, window: 'day', limit: input.limit }], store, estimate }))
      .build();
    const outcomes = await Promise.allSettled(Array.from({ length: input.runs }, () => chat.complete('hello', { context: { tenant: 'acme' } })));
    const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    return {
      answered: outcomes.length - errors.length,
      refusedByBudget: errors.filter((e) => BudgetExceededError.is(e)).length,
      otherErrors: errors.filter((e) => !BudgetExceededError.is(e)).map((e) => String(e)),
    };
  } finally {
    redis.disconnect();
  }
});
