/**
 * The Redis relay of resumable streams (`RedisRunStreams`, issue 21) beside the direct stream:
 *
 * 1. **Added latency per event** — one event at a time (the next is emitted when the previous one
 *    arrived), from `publish` on one ioredis client, through a Redis Stream, to `read` on another
 *    client; the direct stream delivers the same events to an in-process subscriber. Median and
 *    p99 of emit → receive, and the difference (what the relay adds).
 * 2. **Events per second, 1,000 concurrent resumable streams** — N runs publish K events each at
 *    once while N readers (one connection each, `XREAD BLOCK`) read them to `run-end`; the direct
 *    streams deliver the same events in process. Wall time from the first publish to the last
 *    `run-end` read, as events/s, and the ratio relay / direct.
 *
 * Needs `redis-server` on the PATH (a throwaway one is started on a free loopback port); without
 * it the bench is skipped with a message. About 8 s on 2 cores, so it is in the default set; alone:
 * `npm run bench -- redis-relay`.
 * Knobs: `BENCH_RELAY_EVENTS` (latency samples, default 2,000), `BENCH_RELAY_STREAMS` (default
 * 1,000), `BENCH_RELAY_EVENTS_PER_STREAM` (default 50).
 */
import { spawnSync } from 'node:child_process';
import Redis from 'ioredis';
import { from, lastValueFrom, Subject, toArray, type Observable } from 'rxjs';
import { RedisRunStreams } from '../lib/redis';
import { REDIS_INSTALL_HINT, startRedisServer } from '../spec/support/redis-server';
import { envNumber, info, type BenchOutcome } from './support/bench-result';
import { median } from './support/measure';

const DELTA = { type: 'text-delta', delta: 'a few words of text ' };

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** Emit → receive times (µs) of `count` events sent one at a time through `connect`. */
async function latencies(count: number, connect: (source: Observable<{ readonly type: string }>, onEvent: () => void) => Promise<unknown>): Promise<number[]> {
  const source = new Subject<{ readonly type: string; readonly i: number }>();
  const times: number[] = [];
  let sentAt = 0n;
  let arrived: (() => void) | undefined;
  const done = connect(source, () => {
    times.push(Number(process.hrtime.bigint() - sentAt) / 1000);
    arrived?.();
  });
  await new Promise((r) => setTimeout(r, 200)); // let the reader and the stop listener connect
  for (let i = 0; i < count; i++) {
    const got = new Promise<void>((resolve) => (arrived = resolve));
    sentAt = process.hrtime.bigint();
    source.next({ ...DELTA, i });
    await got;
  }
  source.complete();
  await done;
  return times;
}

/** Runs the relay bench; skipped (with a message) when redis-server is not installed. */
export async function benchRedisRelay(): Promise<BenchOutcome> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const message = `redis-server is not installed: redis-relay skipped (install it with: ${REDIS_INSTALL_HINT})`;
    return { report: `## redis-relay\n  ${message}`, checks: [info('redis-relay', 'skipped (no redis-server)')] };
  }
  const samples = envNumber('BENCH_RELAY_EVENTS', 2000);
  const streamCount = envNumber('BENCH_RELAY_STREAMS', 1000);
  const perStream = envNumber('BENCH_RELAY_EVENTS_PER_STREAM', 50);
  const server = await startRedisServer();
  const writer = new Redis(server.url);
  const reader = new Redis(server.url);
  try {
    const relayWriter = new RedisRunStreams({ redis: writer, prefix: 'bench:', blockMs: 1000 });
    const relayReader = new RedisRunStreams({ redis: reader, prefix: 'bench:', blockMs: 1000 });

    // 1. latency per event
    const direct = await latencies(samples, (source, onEvent) => new Promise<void>((resolve) => source.subscribe({ next: onEvent, complete: resolve })));
    const relayed = await latencies(samples, (source, onEvent) => {
      const read = new Promise<void>((resolve, reject) => relayReader.read('latency').subscribe({ next: (e) => e.event.type !== 'run-end' && onEvent(), complete: resolve, error: reject }));
      return Promise.all([relayWriter.publish('latency', source), read]);
    });
    const directMedian = median(direct);
    const relayMedian = median(relayed);

    // 2. events per second, N concurrent streams
    const events = Array.from({ length: perStream }, (_, i) => ({ ...DELTA, i }));
    let started = process.hrtime.bigint();
    let delivered = 0;
    await Promise.all(Array.from({ length: streamCount }, () => lastValueFrom(from(events).pipe(toArray())).then((got) => (delivered += got.length))));
    const directSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const directRate = delivered / directSeconds;

    started = process.hrtime.bigint();
    const ids = Array.from({ length: streamCount }, (_, i) => `many-${i}`);
    const reads = ids.map((id) => lastValueFrom(relayReader.read(id).pipe(toArray())));
    const publishes = ids.map((id) => relayWriter.publish(id, from(events)));
    const [readResults, publishResults] = await Promise.all([Promise.all(reads), Promise.all(publishes)]);
    const relaySeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const relayDelivered = readResults.reduce((sum, list) => sum + list.filter((e) => e.event.type !== 'run-end').length, 0);
    const completed = publishResults.filter((r) => r.outcome === 'completed').length;
    const relayRate = relayDelivered / relaySeconds;

    const report = [
      '## redis-relay: resumable streams through Redis vs the direct stream',
      `  latency per event (${samples} events, one at a time):`,
      `    direct stream   median ${directMedian.toFixed(1)} µs, p99 ${percentile(direct, 99).toFixed(1)} µs`,
      `    Redis relay     median ${relayMedian.toFixed(1)} µs, p99 ${percentile(relayed, 99).toFixed(1)} µs`,
      `    added by relay  median ${(relayMedian - directMedian).toFixed(1)} µs per event`,
      `  ${streamCount} concurrent streams × ${perStream} events:`,
      `    direct stream   ${delivered} events in ${directSeconds.toFixed(3)} s = ${Math.round(directRate).toLocaleString('en-US')} events/s`,
      `    Redis relay     ${relayDelivered} events in ${relaySeconds.toFixed(3)} s = ${Math.round(relayRate).toLocaleString('en-US')} events/s (${completed}/${streamCount} runs completed, every reader to run-end)`,
      `    relay / direct  ${(relayRate / directRate).toFixed(4)}× the events/s`,
    ].join('\n');
    return {
      report,
      checks: [
        info('redis-relay: added latency per event (median)', `${(relayMedian - directMedian).toFixed(0)} µs`),
        info('redis-relay: p99 latency per event', `${percentile(relayed, 99).toFixed(0)} µs (direct ${percentile(direct, 99).toFixed(1)} µs)`),
        info(`redis-relay: events/s, ${streamCount} streams`, `${Math.round(relayRate).toLocaleString('en-US')} (direct ${Math.round(directRate).toLocaleString('en-US')}, ${(relayRate / directRate).toFixed(4)}×)`),
        { label: `redis-relay: every event delivered, ${streamCount} streams`, measured: `${relayDelivered}/${streamCount * perStream}`, target: `= ${streamCount * perStream}`, ok: relayDelivered === streamCount * perStream && completed === streamCount },
      ],
    };
  } finally {
    writer.disconnect();
    reader.disconnect();
    await server.stop();
  }
}

if (require.main === module) {
  void benchRedisRelay().then(
    (outcome) => {
      console.log(outcome.report);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
