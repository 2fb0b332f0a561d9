/**
 * Client CPU per stream of 2,000 Chat Completions chunks: `chat.stream()` against a raw node:http
 * request that splits the same bytes on blank lines and JSON.parses each event, interleaved in one
 * client process. The server (its own process) sends one pre-rendered body. Target: ≤ 1.5× raw.
 *
 * Run alone: `npx ts-node --transpile-only bench/stream.bench.ts` (`BENCH_STREAMS`, `BENCH_ROUNDS`).
 */
import { atMost, envNumber, info, type BenchOutcome } from './support/bench-result';
import { cpuPer, median, type InterleavedResult } from './support/measure';
import { clientNodeArgs, ensureBuilt, runClient, startServer } from './support/processes';

/** Target of chat.stream() CPU over the raw reader's. */
export const STREAM_TARGET = 1.5;

/** Options of {@link benchStream}. */
export interface StreamBenchOptions {
  /** Streams per side (default `BENCH_STREAMS` or 200). */
  readonly streams?: number;
  /** Chunks per stream (default 2000). */
  readonly chunks?: number;
  readonly rounds?: number;
}

/** Measures chat.stream() against a raw SSE reader on the same bytes. */
export async function benchStream(options: StreamBenchOptions = {}): Promise<BenchOutcome> {
  const streams = options.streams ?? envNumber('BENCH_STREAMS', 200);
  const chunks = options.chunks ?? 2000;
  const rounds = options.rounds ?? envNumber('BENCH_ROUNDS', 10);
  ensureBuilt((line) => console.error(line));
  const server = await startServer('sse.server', ['--mode', 'burst', '--chunks', String(chunks)]);
  let result: InterleavedResult & { chunks: number };
  try {
    result = await runClient('stream.client', ['--url', server.url, '--streams', String(streams), '--rounds', String(rounds), '--chunks', String(chunks)], {
      nodeArgs: clientNodeArgs(),
    });
  } finally {
    await server.stop();
  }
  const [raw, chat] = result.totals;
  const ratio = cpuPer(chat) / cpuPer(raw);
  const roundRatios = result.perRound[1].map((c, r) => c / result.perRound[0][r]);
  const line = (m: (typeof result.totals)[number]): string =>
    `  ${m.label.padEnd(28)} ${(cpuPer(m) / 1000).toFixed(2).padStart(7)} ms CPU/stream  ${((cpuPer(m) / chunks) * 1000).toFixed(0).padStart(6)} ns/chunk  ${((m.iterations * chunks) / (m.wallMs / 1000) / 1e3).toFixed(0).padStart(5)}k chunks/s`;
  const report = [
    `## stream(): ${chunks}-chunk Chat Completions SSE body (server in its own process), ${chat.iterations} streams per side in ${rounds} interleaved rounds`,
    line(raw),
    line(chat),
    `  chat.stream() / raw: ${ratio.toFixed(2)}× CPU (median of rounds ${median(roundRatios).toFixed(2)}×); target ≤ ${STREAM_TARGET}×`,
  ].join('\n');
  return {
    report,
    checks: [
      atMost('stream(): CPU vs raw SSE reader', ratio, STREAM_TARGET, '×'),
      info('stream(): CPU per 2,000-chunk stream', `${(cpuPer(chat) / 1000).toFixed(2)} ms (raw ${(cpuPer(raw) / 1000).toFixed(2)} ms)`),
    ],
  };
}

if (require.main === module) {
  benchStream().then(
    (outcome) => console.log(outcome.report),
    (error: unknown) => console.error(error),
  );
}
