/**
 * Cold start: wall time and RSS of a fresh `node` process that requires the BUILT package
 * (`require('chat-ts')` plus the `chat-ts/completions` provider, resolved through package.json
 * `exports` as an app would) against bare `node -e 0`, median of N interleaved runs.
 * Target: ≤ +0.17 s over bare node (what requiring openai-node costs).
 *
 * Run alone: `npx ts-node --transpile-only bench/cold-start.bench.ts` (`BENCH_COLD_RUNS`, default 15).
 */
import { spawnSync } from 'node:child_process';
import { atMost, envNumber, info, type BenchOutcome } from './support/bench-result';
import { median } from './support/measure';
import { ensureBuilt, ROOT } from './support/processes';

/** Target: seconds over bare node. */
export const COLD_START_TARGET_S = 0.17;

const PRINT_RSS = 'process.stdout.write(String(process.memoryUsage.rss()))';

/** The variants measured: label and the script given to `node -e`. */
const VARIANTS: readonly { readonly label: string; readonly script: string }[] = [
  { label: 'node -e 0 (bare)', script: PRINT_RSS },
  { label: "require('chat-ts')", script: `require('chat-ts');${PRINT_RSS}` },
  { label: "require('chat-ts') + chat-ts/completions", script: `require('chat-ts');require('chat-ts/completions');${PRINT_RSS}` },
];

interface Sample {
  readonly seconds: number;
  readonly rssMiB: number;
}

function runOnce(script: string): Sample {
  const t0 = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr}`);
  return { seconds, rssMiB: Number(result.stdout) / 2 ** 20 };
}

/** Measures the cold start of the built package against bare node. */
export async function benchColdStart(runs = envNumber('BENCH_COLD_RUNS', 15)): Promise<BenchOutcome> {
  ensureBuilt((line) => console.error(line));
  const samples: Sample[][] = VARIANTS.map(() => []);
  for (const variant of VARIANTS) runOnce(variant.script); // warm the file cache
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const index = (k + r) % VARIANTS.length;
      samples[index].push(runOnce(VARIANTS[index].script));
    }
  }
  const seconds = samples.map((list) => median(list.map((s) => s.seconds)));
  const rss = samples.map((list) => median(list.map((s) => s.rssMiB)));
  const over = (k: number): number => seconds[k] - seconds[0];
  const lines = [`## Cold start: fresh node process, built package, median of ${runs} interleaved runs`];
  VARIANTS.forEach((v, k) => {
    const delta = k === 0 ? '' : `   +${over(k).toFixed(3)} s, +${(rss[k] - rss[0]).toFixed(1)} MiB over bare node`;
    lines.push(`  ${v.label.padEnd(42)} ${seconds[k].toFixed(3)} s  ${rss[k].toFixed(1).padStart(6)} MiB RSS${delta}`);
  });
  lines.push(`  target: ≤ +${COLD_START_TARGET_S} s over bare node (requiring openai-node)`);
  const last = VARIANTS.length - 1;
  return {
    report: lines.join('\n'),
    checks: [
      atMost('cold start: chat-ts + completions over bare node', over(last), COLD_START_TARGET_S, ' s', 3),
      info('cold start: RSS over bare node', `+${(rss[last] - rss[0]).toFixed(1)} MiB (${rss[last].toFixed(0)} MiB)`),
    ],
  };
}

if (require.main === module) {
  benchColdStart().then(
    (outcome) => console.log(outcome.report),
    (error: unknown) => console.error(error),
  );
}
