/**
 * `chat.complete()` against a raw axios POST of the same JSON body to the same emulator endpoint
 * (and a bare node:http request for reference), interleaved in rounds in one client process; the
 * emulator runs in its own process so its CPU is not counted. Target: ≤ 1.05× raw axios CPU.
 *
 * Run alone: `npx ts-node --transpile-only bench/complete.bench.ts` (`BENCH_REQUESTS`, `BENCH_ROUNDS`).
 */
import { atMost, envNumber, info, type BenchOutcome } from './support/bench-result';
import { cpuPer, median, ratePerSecond, type InterleavedResult } from './support/measure';
import { clientNodeArgs, ensureBuilt, runClient, startServer } from './support/processes';

/** Target of chat.complete() CPU over raw axios CPU. */
export const COMPLETE_TARGET = 1.05;

/** Options of {@link benchComplete}. */
export interface CompleteBenchOptions {
  /** Requests per side (default `BENCH_REQUESTS` or 3000). */
  readonly requests?: number;
  /** Interleaved rounds (default `BENCH_ROUNDS` or 10). */
  readonly rounds?: number;
}

/** Measures chat.complete() against raw axios and node:http on one JSON reply. */
export async function benchComplete(options: CompleteBenchOptions = {}): Promise<BenchOutcome> {
  const requests = options.requests ?? envNumber('BENCH_REQUESTS', 3000);
  const rounds = options.rounds ?? envNumber('BENCH_ROUNDS', 10);
  ensureBuilt((line) => console.error(line));
  const emulator = await startServer('emulator.server');
  let result: InterleavedResult & { bodyBytes: number };
  try {
    result = await runClient('complete.client', ['--url', emulator.url, '--requests', String(requests), '--rounds', String(rounds)], { nodeArgs: clientNodeArgs() });
  } finally {
    await emulator.stop();
  }
  const [bare, axios, chat] = result.totals;
  const ratio = cpuPer(chat) / cpuPer(axios);
  const roundRatios = result.perRound[2].map((c, r) => c / result.perRound[1][r]);
  const line = (m: (typeof result.totals)[number]): string =>
    `  ${m.label.padEnd(20)} ${cpuPer(m).toFixed(1).padStart(8)} µs CPU/request ${ratePerSecond(m).toFixed(0).padStart(7)} requests/s   ${(cpuPer(m) / cpuPer(bare)).toFixed(2)}× node:http`;
  const report = [
    `## complete(): one JSON reply from the emulator (own process), ${chat.iterations} requests per side in ${rounds} interleaved rounds`,
    line(bare),
    line(axios),
    line(chat),
    `  chat.complete() / raw axios: ${ratio.toFixed(3)}× CPU (median of rounds ${median(roundRatios).toFixed(3)}×, range ${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)}); target ≤ ${COMPLETE_TARGET}×`,
    `  request body ${result.bodyBytes} bytes; requests/s is sequential (one request at a time), server time included`,
  ].join('\n');
  return {
    report,
    checks: [
      atMost('complete(): CPU vs raw axios', ratio, COMPLETE_TARGET, '×'),
      info('complete(): CPU per request', `${cpuPer(chat).toFixed(0)} µs (axios ${cpuPer(axios).toFixed(0)} µs)`),
      info('complete(): requests/s (sequential)', `${ratePerSecond(chat).toFixed(0)} (axios ${ratePerSecond(axios).toFixed(0)})`),
    ],
  };
}

if (require.main === module) {
  benchComplete().then(
    (outcome) => console.log(outcome.report),
    (error: unknown) => console.error(error),
  );
}
