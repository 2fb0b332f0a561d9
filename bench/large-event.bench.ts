/**
 * Client CPU to read one stream whose single SSE event is very large (a base64 image, a big tool
 * argument): 10 MB and 40 MB, `chat.stream()` against openai-node's stream reader on the same
 * bytes, interleaved in one client process; the server runs in its own process. A parser that
 * rescans its buffer on every network chunk costs quadratic time here. Target: ≤ 1.5× openai-node.
 *
 * Run alone: `npx ts-node --transpile-only bench/large-event.bench.ts` (`BENCH_ROUNDS`).
 */
import { atMost, envNumber, info, type BenchCheck, type BenchOutcome } from './support/bench-result';
import { cpuPer, median, type InterleavedResult } from './support/measure';
import { clientNodeArgs, ensureBuilt, runClient, startServer } from './support/processes';

/** Target of chat.stream() CPU over openai-node's. */
export const LARGE_EVENT_TARGET = 1.5;

/** Options of {@link benchLargeEvent}. */
export interface LargeEventBenchOptions {
  /** Event sizes, MB (default 10 and 40). */
  readonly sizes?: readonly number[];
  /** Streams per side and size (default `BENCH_ROUNDS` or 3, one per interleaved round). */
  readonly rounds?: number;
}

/** Measures chat.stream() against openai-node on one large SSE event. */
export async function benchLargeEvent(options: LargeEventBenchOptions = {}): Promise<BenchOutcome> {
  const sizes = options.sizes ?? [10, 40];
  const rounds = options.rounds ?? Math.min(envNumber('BENCH_ROUNDS', 3), 5);
  ensureBuilt((line) => console.error(line));
  const server = await startServer('large-event.server');
  const lines = [`## large event: one SSE event of ${sizes.join(' and ')} MB (server in its own process), ${rounds} streams per side in interleaved rounds`];
  const checks: BenchCheck[] = [];
  try {
    for (const megabytes of sizes) {
      const result = await runClient<InterleavedResult & { megabytes: number }>(
        'large-event.client',
        ['--url', server.url, '--megabytes', String(megabytes), '--rounds', String(rounds)],
        { nodeArgs: clientNodeArgs() },
      );
      const [openai, chat] = result.totals;
      const ratio = cpuPer(chat) / cpuPer(openai);
      const roundRatios = result.perRound[1].map((c, r) => c / result.perRound[0][r]);
      const ms = (m: (typeof result.totals)[number]): string => (cpuPer(m) / 1000).toFixed(0);
      lines.push(
        `  ${megabytes} MB: ${openai.label} ${ms(openai).padStart(6)} ms CPU/stream   ${chat.label} ${ms(chat).padStart(6)} ms CPU/stream   ` +
          `ratio ${ratio.toFixed(2)}× (median of rounds ${median(roundRatios).toFixed(2)}×); target ≤ ${LARGE_EVENT_TARGET}×`,
      );
      checks.push(atMost(`large event ${megabytes} MB: CPU vs openai-node`, ratio, LARGE_EVENT_TARGET, '×'));
      checks.push(info(`large event ${megabytes} MB: CPU per stream`, `${ms(chat)} ms (openai-node ${ms(openai)} ms)`));
    }
  } finally {
    await server.stop();
  }
  return { report: lines.join('\n'), checks };
}

if (require.main === module) {
  benchLargeEvent().then(
    (outcome) => console.log(outcome.report),
    (error: unknown) => console.error(error),
  );
}
