/**
 * One app instance of the shared-limits spec, in its own process. `consume`: takes `times` slots of
 * the counter `counter` (limit `limit`) and adds `spend` to `spent`, reporting how many slots it got.
 * `ask`: one request through a SharedLimitProvider whose Retry-After holds live in Redis.
 */
import Redis from 'ioredis';
import { isChatError } from '../../../lib/core/chat.error';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { RedisCounterStore, RedisHoldStore } from '../../../lib/redis';
import { SharedLimitProvider } from '../../../lib/router';
import { childMain } from '../../support/ts-child';

export interface LimitsChildInput {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly consume?: { readonly times: number; readonly limit: number; readonly spend: number };
  readonly askUrl?: string;
}

export interface LimitsChildOutput {
  readonly granted?: number;
  readonly answer?: string;
  readonly error?: { readonly name: string; readonly status?: number; readonly code?: string; readonly retryAfterSeconds?: number };
}

childMain<LimitsChildInput, LimitsChildOutput>(async (input) => {
  const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    if (input.consume) {
      const counters = new RedisCounterStore({ redis, prefix: input.prefix });
      const { times, limit, spend } = input.consume;
      const results = await Promise.all(
        Array.from({ length: times }, async () => {
          await counters.add('spent', spend, 3_600_000);
          return (await counters.consume('slots', 1, limit, 3_600_000)).allowed;
        }),
      );
      return { granted: results.filter(Boolean).length };
    }
    const provider = new ResponsesBuilder().withModel('model-p').withBaseUrl(input.askUrl as string).withApiKey('sk-emulator').build();
    const shared = new SharedLimitProvider(provider, { holds: new RedisHoldStore({ redis, prefix: input.prefix }), key: 'p' });
    try {
      const reply = await shared.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] });
      return { answer: reply.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') };
    } catch (error) {
      if (!isChatError(error)) throw error;
      return { error: { name: error.name, status: error.status, code: error.code, retryAfterSeconds: error.retryAfterSeconds } };
    }
  } finally {
    redis.disconnect();
  }
});
