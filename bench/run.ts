/**
 * `npm run bench`: every benchmark in turn, each report as it finishes, then a summary table of
 * the figures with their targets (✓/✗). A bench never fails the build: this always exits 0.
 *
 * Pick benchmarks by name: `npm run bench -- complete stream` (or `BENCH_ONLY=complete,stream`).
 * Modules other work streams add (`router.bench.ts`, `websocket.bench.ts`) run when present.
 * Knobs: `BENCH_FULL=1` (10,000 concurrent streams, 8 s hold), `BENCH_HOLD_MS`, `BENCH_REQUESTS`,
 * `BENCH_STREAMS`, `BENCH_ROUNDS`, `BENCH_COLD_RUNS`, `BENCH_PROFILE=dir` (CPU profiles of the clients).
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { info, type BenchCheck, type BenchOutcome } from './support/bench-result';

/** One benchmark: its name and how to run it. */
interface BenchEntry {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

/** A bench module of another work stream, loaded only if its file exists. */
function optional(name: string, file: string, exported: string): BenchEntry | undefined {
  const base = join(__dirname, file);
  if (!['.ts', '.js'].some((ext) => existsSync(base + ext))) return undefined;
  return {
    name,
    run: async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(base) as Record<string, unknown>;
      const fn = module[exported];
      if (typeof fn !== 'function') throw new Error(`${file} exports no ${exported}()`);
      return (fn as () => Promise<unknown>)();
    },
  };
}

function entries(): BenchEntry[] {
  const all: (BenchEntry | undefined)[] = [
    { name: 'complete', run: async () => (await import('./complete.bench')).benchComplete() },
    { name: 'complete-path', run: async () => (await import('./complete-path.bench')).benchCompletePath() },
    { name: 'stream', run: async () => (await import('./stream.bench')).benchStream() },
    { name: 'large-event', run: async () => (await import('./large-event.bench')).benchLargeEvent() },
    { name: 'stream-heap', run: async () => (await import('./stream-heap.bench')).benchStreamHeap() },
    { name: 'concurrency', run: async () => (await import('./concurrency.bench')).benchConcurrency() },
    { name: 'cold-start', run: async () => (await import('./cold-start.bench')).benchColdStart() },
    {
      name: 'llama-cpp',
      run: async () => {
        const result = await (await import('./llama-cpp.bench')).benchLlamaCpp();
        return { report: result.report, checks: [info('llama-cpp: provider overhead per token', `${result.overheadMicrosPerToken.toFixed(1)} µs (noise ±)`)] };
      },
    },
    optional('router', 'router.bench', 'benchRouter'),
    optional('websocket', 'websocket.bench', 'benchWebSocket'),
    { name: 'redis-relay', run: async () => (await import('./redis-relay.bench')).benchRedisRelay() },
  ];
  return all.filter((e): e is BenchEntry => e !== undefined);
}

/** A bench's result as report + checks, whatever shape its module returns (a string, `{ report }`, a `BenchOutcome`). */
function normalise(name: string, result: unknown): BenchOutcome {
  if (typeof result === 'string') return { report: result, checks: [{ label: name, measured: 'see report', target: '', ok: undefined }] };
  const r = (result ?? {}) as Partial<BenchOutcome>;
  const report = typeof r.report === 'string' ? r.report : JSON.stringify(result, null, 2);
  const checks = Array.isArray(r.checks) && r.checks.length > 0 ? r.checks : [{ label: name, measured: 'see report', target: '', ok: undefined }];
  return { report, checks };
}

function table(rows: readonly BenchCheck[]): string {
  const width = Math.max(...rows.map((r) => r.label.length), 9);
  const measuredWidth = Math.max(...rows.map((r) => r.measured.length), 8);
  const mark = (ok: boolean | undefined): string => (ok === undefined ? ' ' : ok ? '✓' : '✗');
  return [
    `  ${'benchmark'.padEnd(width)}  ${'measured'.padEnd(measuredWidth)}  target`,
    ...rows.map((r) => `${mark(r.ok)} ${r.label.padEnd(width)}  ${r.measured.padEnd(measuredWidth)}  ${r.target}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const picked = [...process.argv.slice(2), ...(process.env.BENCH_ONLY ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
  const selected = entries().filter((e) => picked.length === 0 || picked.includes(e.name));
  console.log(
    `# chat-ts benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  const rows: BenchCheck[] = [];
  for (const entry of selected) {
    const started = Date.now();
    try {
      const outcome = normalise(entry.name, await entry.run());
      console.log(`${outcome.report}\n  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      rows.push(...outcome.checks);
    } catch (error) {
      console.log(`## ${entry.name}: FAILED\n  ${(error as Error)?.stack ?? String(error)}\n`);
      rows.push({ label: entry.name, measured: 'failed', target: '', ok: false });
    }
  }
  console.log(`## Summary\n${table(rows)}`);
  const missed = rows.filter((r) => r.ok === false).length;
  console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} figure(s) off target (a benchmark never fails the build).`);
}

main()
  .catch((error: unknown) => console.error(error))
  // exit even if a bench left a handle open (a model, a socket): the figures are printed
  .finally(() => process.exit(0));
