/**
 * Issue 26: does `chat.complete()`'s direct path (mode 'complete': one JSON reply, no events) save
 * client CPU over collecting `stream()`'s events (`lastValueFrom(chat.stream(m).pipe(toResponse()))`)?
 * Both ways run in one client process, interleaved in rounds, for a plain answer and a 2-step tool
 * loop; the emulator runs in its own process so its CPU is not counted. The direct path stays only
 * if it saves more than 5% CPU per call ({@link DIRECT_PATH_SAVING}); this bench decides it.
 *
 * Run alone: `npx ts-node --transpile-only bench/complete-path.bench.ts` (`BENCH_REQUESTS`, `BENCH_ROUNDS`).
 */
import { envNumber, info, type BenchCheck, type BenchOutcome } from './support/bench-result';
import { cpuPer, median, ratePerSecond, type InterleavedResult } from './support/measure';
import { clientNodeArgs, ensureBuilt, runClient, startServer } from './support/processes';

/** The saving (fraction of the collected path's CPU per call) the direct path must beat to stay. */
export const DIRECT_PATH_SAVING = 0.05;

/** Options of {@link benchCompletePath}. */
export interface CompletePathBenchOptions {
  /** Calls per side and case (default `BENCH_REQUESTS` or 3000). */
  readonly requests?: number;
  /** Interleaved rounds (default `BENCH_ROUNDS` or 10). */
  readonly rounds?: number;
}

/** What one case (plain answer, tool loop) measured. */
interface CaseFigures {
  readonly lines: string[];
  /** Direct CPU / collected CPU, over all rounds. */
  readonly ratio: number;
  /** Median of the rounds' ratios. */
  readonly medianRatio: number;
}

function figures(name: string, result: InterleavedResult): CaseFigures {
  const [direct, collected] = result.totals;
  const ratio = cpuPer(direct) / cpuPer(collected);
  const roundRatios = result.perRound[0].map((c, r) => c / result.perRound[1][r]);
  const medianRatio = median(roundRatios);
  const line = (m: (typeof result.totals)[number]): string =>
    `  ${m.label.padEnd(22)} ${cpuPer(m).toFixed(1).padStart(8)} µs CPU/call ${ratePerSecond(m).toFixed(0).padStart(7)} calls/s`;
  return {
    ratio,
    medianRatio,
    lines: [
      `### ${name}: ${direct.iterations} calls per side in ${result.perRound[0].length} interleaved rounds`,
      line(direct),
      line(collected),
      `  complete() / stream→toResponse(): ${ratio.toFixed(3)}× CPU (median of rounds ${medianRatio.toFixed(3)}×, range ${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)}); saving ${((1 - ratio) * 100).toFixed(1)}%`,
    ],
  };
}

/** Measures chat.complete() against stream().pipe(toResponse()) on a plain answer and a 2-step tool loop. */
export async function benchCompletePath(options: CompletePathBenchOptions = {}): Promise<BenchOutcome> {
  const requests = options.requests ?? envNumber('BENCH_REQUESTS', 3000);
  const rounds = options.rounds ?? envNumber('BENCH_ROUNDS', 10);
  ensureBuilt((line) => console.error(line));
  const emulator = await startServer('emulator.server');
  let result: { plain: InterleavedResult; tools: InterleavedResult };
  try {
    result = await runClient('complete-path.client', ['--url', emulator.url, '--requests', String(requests), '--rounds', String(rounds)], { nodeArgs: clientNodeArgs() });
  } finally {
    await emulator.stop();
  }
  const plain = figures('plain answer', result.plain);
  const tools = figures('2-step tool loop', result.tools);
  // the direct path stays only if it saves more than 5% in both cases, by total and by median
  const keeps = [plain, tools].every((c) => 1 - Math.max(c.ratio, c.medianRatio) > DIRECT_PATH_SAVING);
  const verdict = keeps
    ? `the direct path saves more than ${DIRECT_PATH_SAVING * 100}% CPU per call: it stays (one turn implementation, one test matrix)`
    : `the direct path does not save more than ${DIRECT_PATH_SAVING * 100}% CPU per call in every case: complete() can be the collection of stream()`;
  const check = (label: string, c: CaseFigures): BenchCheck => info(label, `${c.ratio.toFixed(3)}× (median ${c.medianRatio.toFixed(3)}×)`);
  return {
    report: [`## complete-path: complete() direct vs stream().pipe(toResponse()), emulator in its own process`, ...plain.lines, ...tools.lines, `  verdict: ${verdict}`].join('\n'),
    checks: [check('complete-path: plain, direct/collected CPU', plain), check('complete-path: tool loop, direct/collected CPU', tools), info('complete-path: direct path saves > 5%', keeps ? 'yes' : 'no')],
  };
}

if (require.main === module) {
  benchCompletePath().then(
    (outcome) => console.log(outcome.report),
    (error: unknown) => console.error(error),
  );
}
