import Redis from 'ioredis';
import { filter, lastValueFrom, take, toArray } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import { isChatError } from '../../lib/core/chat.error';
import { StreamRelayError } from '../../lib/errors';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { RedisRunStreams, type RelayedEvent, type RunResult } from '../../lib/redis';
import { APPEND_EVENT_SCRIPT } from '../../lib/redis/run-stream.lua';
import { useRedisWithEmulator } from '../support/redis-server';

const STORY = 'Once upon a time a small robot walked all the way to the sea and counted every wave it saw there';
const LONG = `${STORY} ${STORY} ${STORY}`;
const text = (events: readonly RelayedEvent[]): string => events.map((e) => (e.event.type === 'text-delta' ? String(e.event.delta) : '')).join('');

describe('RedisRunStreams: Redis restarted mid-run (same port, same data directory, append-only file on)', () => {
  jest.setTimeout(120_000);
  const env = useRedisWithEmulator({ persistent: true });

  it('the run recovers or ends in a typed error; every event streamed before the restart is still readable, none twice, in order', async () => {
    // ioredis defaults, as an app would have them: reconnect with backoff, offline queue on
    const publisherRedis = new Redis(env.server.url);
    const readerRedis = new Redis(env.server.url);
    const afterRedis = new Redis(env.server.url);
    try {
      env.emulator.script([{ text: LONG, chunkDelayMs: 60 }], 'restart');
      const chat = new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl(env.emulator.url('/v1', 'restart')).withModel('m').build()).build();
      const publishing: Promise<RunResult | unknown> = new RedisRunStreams({ redis: publisherRedis, prefix: 'rr:' }).publish('run', chat.stream('Tell me a story.')).catch((e: unknown) => e);
      const before = await lastValueFrom(new RedisRunStreams({ redis: readerRedis, prefix: 'rr:', blockMs: 200 }).read('run').pipe(filter((e) => e.event.type === 'text-delta'), take(3), toArray()));
      expect(before).toHaveLength(3);

      await env.server.restart(300);
      const result = await publishing;

      const after = await lastValueFrom(new RedisRunStreams({ redis: afterRedis, prefix: 'rr:', blockMs: 200 }).read('run', '0-0').pipe(toArray()));
      const ids = after.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length); // no entry twice
      expect([...ids].sort((a, b) => (BigInt(a.split('-')[0]) - BigInt(b.split('-')[0]) || Number(a.split('-')[1]) - Number(b.split('-')[1])) > 0 ? 1 : -1)).toEqual(ids);
      for (const seen of before) expect(after).toContainEqual(seen); // nothing already streamed is lost
      const streamedText = text(after);
      expect(LONG.startsWith(streamedText)).toBe(true); // each delta once, in order

      if (isChatError(result)) {
        // the typed-error branch: a retryable StreamRelayError; what was streamed stays readable
        expect(StreamRelayError.is(result)).toBe(true);
        expect(result.isRetryable).toBe(true);
        expect(streamedText.length).toBeGreaterThanOrEqual(text(before).length);
      } else {
        // the recovery branch: the whole answer, exactly once, then run-end completed
        expect(result).toEqual({ outcome: 'completed' });
        expect(streamedText).toBe(LONG);
        expect(after.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'completed' });
        expect(after.filter((e) => e.event.type === 'run-end')).toHaveLength(1);
        expect(after.filter((e) => e.event.type === 'finish')).toHaveLength(1);
      }
      expect(env.emulator.requests('restart')).toHaveLength(1);
    } finally {
      publisherRedis.disconnect();
      readerRedis.disconnect();
      afterRedis.disconnect();
    }
  });

  it('an append resent after the server already ran it (what ioredis does after a reconnect) is not added twice; another publish of the run appends', async () => {
    const redis = new Redis(env.server.url);
    try {
      const key = 'rr:run:{resend}:events';
      const first = await redis.eval(APPEND_EVENT_SCRIPT, 1, key, 100, '{"type":"a"}', 60_000, 1, 'pub-1');
      const resent = await redis.eval(APPEND_EVENT_SCRIPT, 1, key, 100, '{"type":"a"}', 60_000, 1, 'pub-1');
      expect(resent).toBe(first);
      expect(await redis.xlen(key)).toBe(1);
      await redis.eval(APPEND_EVENT_SCRIPT, 1, key, 100, '{"type":"b"}', 60_000, 2, 'pub-1');
      await redis.eval(APPEND_EVENT_SCRIPT, 1, key, 100, '{"type":"a"}', 60_000, 1, 'pub-2'); // a retried job's publish
      expect((await redis.xrange(key, '-', '+')).map(([, f]) => f[1])).toEqual(['{"type":"a"}', '{"type":"b"}', '{"type":"a"}']);
    } finally {
      redis.disconnect();
    }
  });
});
