/**
 * Many concurrent streams: peak RSS, CPU and wall time of a client holding N streams open at
 * once (the server, its own process, sends one chunk per 250 ms for `BENCH_HOLD_MS`), for a bare
 * node:http reader and for chat-ts, each client in its own process so RSS is its own.
 * Targets at 10,000 streams: ≤ 1.5× the bare reader's peak RSS and ≤ 1.3× its wall time.
 *
 * Sizes 1,000 and 10,000 (`BENCH_STREAM_COUNTS=1000` for a quicker run); each stream is held
 * `BENCH_HOLD_MS` (default 8,000, the hold of the figures in the issue). Each client runs once per
 * size, or `BENCH_CONCURRENCY_RUNS` times (3 with `BENCH_FULL=1`; medians, alternating order). Run alone: `npx ts-node --transpile-only bench/concurrency.bench.ts`.
 */
import { atMost, envNumber, fullRun, info, type BenchCheck, type BenchOutcome } from './support/bench-result';
import { median } from './support/measure';
import { ensureBuilt, runClient, startServer } from './support/processes';

/** Targets against the bare reader, at the largest size measured. */
export const CONCURRENCY_TARGETS = { memory: 1.5, wall: 1.3 };

/** What one client process reports. */
export interface ConcurrencyClientResult {
  readonly mode: 'bare' | 'chat-ts';
  readonly streams: number;
  readonly ok: number;
  readonly failed: number;
  readonly firstError?: string;
  readonly chunks: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  readonly baseRssMiB: number;
}

/** Options of {@link benchConcurrency}. */
export interface ConcurrencyBenchOptions {
  /** Stream counts to measure (default 1,000 and 10,000, or `BENCH_STREAM_COUNTS`). */
  readonly counts?: readonly number[];
  /** How long the server keeps each stream open, ms. */
  readonly holdMs?: number;
  /** Runs of each client per size (medians are reported). */
  readonly runs?: number;
  /** Server chunk interval, ms (default 250). */
  readonly intervalMs?: number;
}

function defaultCounts(): number[] {
  const listed = (process.env.BENCH_STREAM_COUNTS ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (listed.length > 0) return listed;
  return [1000, 10000];
}

/** Per figure, the median of several runs of one client (failures summed). */
function medianResult(list: readonly ConcurrencyClientResult[]): ConcurrencyClientResult {
  const of = (pick: (r: ConcurrencyClientResult) => number): number => median(list.map(pick));
  return {
    ...list[0],
    ok: Math.min(...list.map((r) => r.ok)),
    failed: list.reduce((sum, r) => sum + r.failed, 0),
    firstError: list.find((r) => r.firstError)?.firstError,
    wallMs: of((r) => r.wallMs),
    cpuMs: of((r) => r.cpuMs),
    peakRssMiB: of((r) => r.peakRssMiB),
    baseRssMiB: of((r) => r.baseRssMiB),
  };
}

/** Measures a bare reader and chat-ts holding many streams at once. */
export async function benchConcurrency(options: ConcurrencyBenchOptions = {}): Promise<BenchOutcome> {
  const counts = options.counts ?? defaultCounts();
  const holdMs = options.holdMs ?? envNumber('BENCH_HOLD_MS', 8000);
  const runs = Math.max(1, options.runs ?? envNumber('BENCH_CONCURRENCY_RUNS', fullRun() ? 3 : 1));
  const intervalMs = options.intervalMs ?? 250;
  ensureBuilt((line) => console.error(line));
  const server = await startServer('sse.server', ['--mode', 'drip', '--interval', String(intervalMs), '--hold', String(holdMs)], { manyFiles: true });
  const rows: ConcurrencyClientResult[][] = [];
  try {
    for (const streams of counts) {
      const run = (mode: 'bare' | 'chat-ts'): Promise<ConcurrencyClientResult> =>
        runClient<ConcurrencyClientResult>('concurrency.client', ['--mode', mode, '--streams', String(streams), '--url', server.url], {
          manyFiles: true,
          nodeArgs: ['--expose-gc'],
        });
      const results: Record<'bare' | 'chat-ts', ConcurrencyClientResult[]> = { bare: [], 'chat-ts': [] };
      for (let r = 0; r < runs; r++) {
        for (const mode of r % 2 === 0 ? (['bare', 'chat-ts'] as const) : (['chat-ts', 'bare'] as const)) results[mode].push(await run(mode));
      }
      rows.push([medianResult(results.bare), medianResult(results['chat-ts'])]);
    }
  } finally {
    await server.stop();
  }
  const fmt = (r: ConcurrencyClientResult): string =>
    `  ${String(r.streams).padStart(6)}  ${r.mode.padEnd(8)} ${r.peakRssMiB.toFixed(0).padStart(6)} MiB peak RSS (${r.baseRssMiB.toFixed(0)} MiB before)  ${(r.cpuMs / 1000).toFixed(2).padStart(6)} s CPU  ${(r.wallMs / 1000).toFixed(2).padStart(6)} s wall  ${r.ok} ok${r.failed ? `, ${r.failed} FAILED (${r.firstError})` : ''}`;
  const lines = [
    `## Concurrent streams: one chunk per ${intervalMs} ms for ${holdMs} ms each (server in its own process), each client in its own process${runs > 1 ? `, medians of ${runs} runs` : ''}`,
  ];
  for (const [bare, chat] of rows) {
    lines.push(fmt(bare), fmt(chat));
    lines.push(
      `          chat-ts / bare: ${(chat.peakRssMiB / bare.peakRssMiB).toFixed(2)}× memory, ${(chat.wallMs / bare.wallMs).toFixed(2)}× wall, ${(chat.cpuMs / bare.cpuMs).toFixed(2)}× CPU`,
    );
  }
  const [bare, chat] = rows[rows.length - 1];
  const at = `${bare.streams.toLocaleString('en-US')} streams`;
  const broken = bare.failed + chat.failed > 0;
  const checks: BenchCheck[] = [
    atMost(`concurrency: peak RSS vs bare, ${at}`, broken ? NaN : chat.peakRssMiB / bare.peakRssMiB, CONCURRENCY_TARGETS.memory, '×'),
    atMost(`concurrency: wall time vs bare, ${at}`, broken ? NaN : chat.wallMs / bare.wallMs, CONCURRENCY_TARGETS.wall, '×'),
    info(`concurrency: chat-ts at ${at}`, `${chat.peakRssMiB.toFixed(0)} MiB, ${(chat.wallMs / 1000).toFixed(1)} s wall, ${(chat.cpuMs / 1000).toFixed(1)} s CPU (bare ${bare.peakRssMiB.toFixed(0)} MiB, ${(bare.wallMs / 1000).toFixed(1)} s, ${(bare.cpuMs / 1000).toFixed(1)} s)`),
  ];
  return { report: lines.join('\n'), checks };
}

if (require.main === module) {
  benchConcurrency().then(
    (outcome) => console.log(outcome.report),
    (error: unknown) => console.error(error),
  );
}
