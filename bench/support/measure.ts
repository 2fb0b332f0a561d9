/** CPU, wall time and RSS of a piece of work, measured in this process. */
export interface Measurement {
  readonly label: string;
  readonly iterations: number;
  readonly wallMs: number;
  /** User + system CPU, microseconds. */
  readonly cpuMicros: number;
  readonly peakRssMiB?: number;
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

/** Interleaves two measurements in rounds (A B A B ...) so drift hits both alike; sums the rounds. */
export async function sideBySide(
  a: { label: string; fn: (i: number) => Promise<unknown> },
  b: { label: string; fn: (i: number) => Promise<unknown> },
  iterations: number,
  rounds = 5,
): Promise<[Measurement, Measurement]> {
  const per = Math.ceil(iterations / rounds);
  const acc = [
    { label: a.label, iterations: 0, wallMs: 0, cpuMicros: 0 },
    { label: b.label, iterations: 0, wallMs: 0, cpuMicros: 0 },
  ];
  for (let r = 0; r < rounds; r++) {
    for (const [k, side] of [a, b].entries()) {
      const m = await measure(side.label, per, side.fn, r === 0 ? Math.min(200, per) : 0);
      acc[k].iterations += m.iterations;
      acc[k].wallMs += m.wallMs;
      acc[k].cpuMicros += m.cpuMicros;
    }
  }
  return [acc[0], acc[1]];
}

/** One line per measurement plus the ratio of the second to the first. */
export function report(title: string, base: Measurement, subject: Measurement, unit = 'request'): string {
  const per = (m: Measurement): number => m.cpuMicros / m.iterations;
  const rate = (m: Measurement): number => (m.iterations / m.wallMs) * 1000;
  return [
    `## ${title}`,
    `  ${base.label.padEnd(34)} ${per(base).toFixed(1).padStart(9)} µs CPU/${unit}  ${rate(base).toFixed(0).padStart(7)} ${unit}s/s`,
    `  ${subject.label.padEnd(34)} ${per(subject).toFixed(1).padStart(9)} µs CPU/${unit}  ${rate(subject).toFixed(0).padStart(7)} ${unit}s/s`,
    `  ratio ${subject.label} / ${base.label}: ${(per(subject) / per(base)).toFixed(2)}× CPU`,
  ].join('\n');
}
