/** CPU, wall time and RSS of a piece of work, measured in this process. */
export interface Measurement {
  readonly label: string;
  readonly iterations: number;
  readonly wallMs: number;
  /** User + system CPU, microseconds. */
  readonly cpuMicros: number;
  readonly peakRssMiB?: number;
}

/** One side of an interleaved comparison. */
export interface Side {
  readonly label: string;
  readonly fn: (i: number) => Promise<unknown>;
}

/** Runs `fn` `iterations` times after `warmup` runs; returns total CPU and wall time. */
export async function measure(label: string, iterations: number, fn: (i: number) => Promise<unknown>, warmup = Math.min(200, iterations)): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await fn(i);
  if (global.gc) global.gc();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn(i);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { label, iterations, wallMs, cpuMicros: cpu.user + cpu.system };
}

/** What {@link interleaved} measured: totals per side, and each round's CPU per iteration. */
export interface InterleavedResult {
  readonly totals: Measurement[];
  /** `perRound[side][round]` = CPU µs per iteration of that round. */
  readonly perRound: number[][];
}

/**
 * Measures several sides in rounds (A B C, then B C A, ...), so drift and neighbours' load hit
 * every side alike; each side warms up before the first round. Sums the rounds.
 */
export async function interleaved(sides: readonly Side[], iterations: number, rounds = 10, warmup = 200): Promise<InterleavedResult> {
  const per = Math.max(1, Math.ceil(iterations / rounds));
  for (const side of sides) for (let i = 0; i < warmup; i++) await side.fn(-1 - i);
  const totals = sides.map((s) => ({ label: s.label, iterations: 0, wallMs: 0, cpuMicros: 0 }));
  const perRound = sides.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (k + r) % sides.length;
      const m = await measure(sides[index].label, per, sides[index].fn, 0);
      totals[index].iterations += m.iterations;
      totals[index].wallMs += m.wallMs;
      totals[index].cpuMicros += m.cpuMicros;
      perRound[index].push(m.cpuMicros / m.iterations);
    }
  }
  return { totals, perRound };
}

/** Interleaves two measurements in rounds (A B A B ...) so drift hits both alike; sums the rounds. */
export async function sideBySide(a: Side, b: Side, iterations: number, rounds = 5): Promise<[Measurement, Measurement]> {
  const { totals } = await interleaved([a, b], iterations, rounds, Math.min(200, Math.ceil(iterations / rounds)));
  return [totals[0], totals[1]];
}

/** The median of some numbers (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/** CPU µs per iteration. */
export function cpuPer(m: Measurement): number {
  return m.cpuMicros / m.iterations;
}

/** Iterations per second of wall time. */
export function ratePerSecond(m: Measurement): number {
  return (m.iterations / m.wallMs) * 1000;
}

/** One line per measurement plus the ratio of the second to the first. */
export function report(title: string, base: Measurement, subject: Measurement, unit = 'request'): string {
  return [
    `## ${title}`,
    `  ${base.label.padEnd(34)} ${cpuPer(base).toFixed(1).padStart(9)} µs CPU/${unit}  ${ratePerSecond(base).toFixed(0).padStart(7)} ${unit}s/s`,
    `  ${subject.label.padEnd(34)} ${cpuPer(subject).toFixed(1).padStart(9)} µs CPU/${unit}  ${ratePerSecond(subject).toFixed(0).padStart(7)} ${unit}s/s`,
    `  ratio ${subject.label} / ${base.label}: ${(cpuPer(subject) / cpuPer(base)).toFixed(2)}× CPU`,
  ].join('\n');
}
