import { join } from 'node:path';
import Redis from 'ioredis';
import { filter, firstValueFrom, from, lastValueFrom, take, toArray } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import { InvalidRequestError, StreamRelayError } from '../../lib/errors';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { RedisRunStreams, sseFrame, type RelayedEvent } from '../../lib/redis';
import { startRedisServer, useRedisWithEmulator } from '../support/redis-server';
import { runTsChild } from '../support/ts-child';
import type { RunStreamChildInput, RunStreamChildOutput } from './children/run-stream.child';

const CHILD = join(__dirname, 'children', 'run-stream.child.ts');
const STORY = 'Once upon a time a small robot walked all the way to the sea and counted every wave it saw there';
const text = (events: readonly RelayedEvent[]): string => events.map((e) => (e.event.type === 'text-delta' ? String(e.event.delta) : '')).join('');

describe('RedisRunStreams: a run executes in one process, is read and stopped from others', () => {
  jest.setTimeout(120_000);
  const env = useRedisWithEmulator();
  let redisB: Redis;
  let redisC: Redis;
  beforeAll(() => {
    redisB = env.client();
    redisC = env.client();
  });

  const publishInChild = (runId: string, session: string) =>
    runTsChild<RunStreamChildOutput>(CHILD, { redisUrl: env.server.url, prefix: 's:', runId, emulatorUrl: env.emulator.url('/v1', session) } satisfies RunStreamChildInput);

  it('B reads the first words live, C reconnects with Last-Event-ID and gets the rest: nothing missing, nothing twice, one model request', async () => {
    env.emulator.script([{ text: STORY, chunkDelayMs: 40 }], 'r1');
    const b = new RedisRunStreams({ redis: redisB, prefix: 's:', blockMs: 200 });
    const c = new RedisRunStreams({ redis: redisC, prefix: 's:', blockMs: 200 });
    const run = publishInChild('r1', 'r1');
    const firstPart = await lastValueFrom(b.read('r1').pipe(take(4), toArray())); // the client drops after 4 events
    const rest = await lastValueFrom(c.read('r1', firstPart[3].id).pipe(toArray()));
    expect(await run).toEqual({ outcome: 'completed', kept: STORY });

    const whole = await lastValueFrom(b.read('r1').pipe(toArray()));
    expect([...firstPart, ...rest]).toEqual(whole);
    expect(text(whole)).toBe(STORY);
    expect(whole.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'completed' });
    expect(whole.at(-2)?.event.type).toBe('finish');
    expect(env.emulator.requests('r1')).toHaveLength(1);
    expect(await redisB.pttl('s:run:{r1}:events')).toBeGreaterThan(0);
    expect(sseFrame(whole[0])).toBe(`id: ${whole[0].id}\nevent: ${whole[0].event.type}\ndata: ${JSON.stringify(whole[0].event)}\n\n`);
  });

  it('a stop from another instance aborts the run where it executes: the emulator sees the socket close, the stream ends with run-end stopped, the partial turn is kept', async () => {
    env.emulator.script([{ text: `${STORY} ${STORY} ${STORY}`, chunkDelayMs: 150 }], 'r2');
    const b = new RedisRunStreams({ redis: redisB, prefix: 's:', blockMs: 200 });
    const run = publishInChild('r2', 'r2');
    await firstValueFrom(b.read('r2').pipe(filter((e) => e.event.type === 'text-delta')));
    const closed = env.emulator.waitForClientClose();
    await new RedisRunStreams({ redis: redisC, prefix: 's:' }).stop('r2');
    await closed;
    const result = await run;
    expect(result.outcome).toBe('stopped');
    expect(result.kept.length).toBeGreaterThan(0);
    expect(`${STORY} ${STORY} ${STORY}`.startsWith(result.kept)).toBe(true);
    expect(result.kept.length).toBeLessThan(STORY.length * 3);
    const events = await lastValueFrom(b.read('r2').pipe(toArray()));
    expect(events.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'stopped' });
    expect(text(events)).toBe(result.kept);
  });

  it('Redis gone mid-run: the run is stopped (the upstream socket closes) and publish rejects with a retryable StreamRelayError', async () => {
    const lonely = await startRedisServer();
    const client = new Redis(lonely.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    const reader = new Redis(lonely.url);
    try {
      env.emulator.script([{ text: `${STORY} ${STORY}`, chunkDelayMs: 100 }], 'r3');
      const chatStream = new ChatBuilder().withModel(new ChatCompletionsBuilder().withBaseUrl(env.emulator.url('/v1', 'r3')).withModel('m').build()).build().stream('Tell me a story.');
      const publishing = new RedisRunStreams({ redis: client, prefix: 'g:' }).publish('r3', chatStream).catch((e: unknown) => e);
      const seen = await firstValueFrom(new RedisRunStreams({ redis: reader, prefix: 'g:', blockMs: 200 }).read('r3').pipe(filter((e) => e.event.type === 'text-delta')));
      expect(seen.event.type).toBe('text-delta');
      const closed = env.emulator.waitForClientClose();
      await lonely.stop();
      const error = await publishing;
      expect(StreamRelayError.is(error)).toBe(true);
      expect((error as StreamRelayError).isRetryable).toBe(true);
      await closed;
    } finally {
      client.disconnect();
      reader.disconnect();
      await lonely.stop();
    }
  });

  it('retention: the stream is trimmed to about maxEvents and expires retentionMs after its last event; a bad Last-Event-ID is an InvalidRequestError', async () => {
    const streams = new RedisRunStreams({ redis: redisB, prefix: 't:', maxEvents: 10, retentionMs: 60_000 });
    const events = Array.from({ length: 500 }, (_, i) => ({ type: 'text-delta', delta: `${i} ` }));
    expect(await streams.publish('trim', from(events))).toEqual({ outcome: 'completed' });
    expect(await redisB.xlen('t:run:{trim}:events')).toBeLessThan(200);
    const ttl = await redisB.pttl('t:run:{trim}:events');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    const kept = await lastValueFrom(streams.read('trim').pipe(toArray()));
    expect(kept.at(-1)?.event).toEqual({ type: 'run-end', outcome: 'completed' });
    expect(() => streams.read('trim', 'not-an-id')).toThrow(InvalidRequestError);
  });
});
