/**
 * One app instance of the shared-circuit spec, in its own process: a router over providers `a` and
 * `b` (emulator sessions) whose breaker keeps its circuits in Redis. `requests` asks that many
 * questions and reports the answers; `acquire` only asks the breaker once for a slot on `a`.
 */
import Redis from 'ioredis';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { CircuitBreaker, RouterBuilder } from '../../../lib/router';
import { RedisCircuitStore } from '../../../lib/redis';
import { childMain } from '../../support/ts-child';

export interface CircuitChildInput {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly urls: { readonly a: string; readonly b: string };
  readonly requests?: number;
  readonly acquire?: boolean;
  readonly recoveryTimeMs: number;
  readonly maxProbes?: number;
}

export interface CircuitChildOutput {
  readonly answers: string[];
  readonly granted?: boolean;
  readonly stateOfA: string;
}

const at = (url: string, name: string) => new ResponsesBuilder().withModel(`model-${name}`).withBaseUrl(url).withApiKey('sk-emulator').build();

childMain<CircuitChildInput, CircuitChildOutput>(async (input) => {
  const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const breaker = new CircuitBreaker({
      failureThreshold: 2,
      recoveryTimeMs: input.recoveryTimeMs,
      maxProbes: input.maxProbes ?? 1,
      store: new RedisCircuitStore({ redis, prefix: input.prefix }),
    });
    const router = new RouterBuilder().addProvider(at(input.urls.a, 'a'), { name: 'a' }).addProvider(at(input.urls.b, 'b'), { name: 'b' }).withCircuitBreaker(breaker).build();
    const answers: string[] = [];
    for (let i = 0; i < (input.requests ?? 0); i++) {
      const reply = await router.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: `question ${i}` }] }] });
      answers.push(reply.parts.map((p) => (p.type === 'text' ? p.text : '')).join(''));
    }
    const granted = input.acquire ? await breaker.tryAcquire('a') : undefined;
    return { answers, granted, stateOfA: await breaker.state('a') };
  } finally {
    redis.disconnect();
  }
});
