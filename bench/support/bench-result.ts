/** One figure of the summary table, with its target when the bench has one. */
export interface BenchCheck {
  /** What was measured, e.g. `complete(): CPU vs raw axios`. */
  readonly label: string;
  /** The measured figure as printed, e.g. `1.03×`. */
  readonly measured: string;
  /** The target as printed, e.g. `≤ 1.05×`; empty when informative only. */
  readonly target: string;
  /** Whether the target is met; `undefined` for a figure without target. */
  readonly ok: boolean | undefined;
}

/** What a bench module returns to `bench/run.ts`. */
export interface BenchOutcome {
  /** The bench's detailed, printable report. */
  readonly report: string;
  /** Rows of the summary table. */
  readonly checks: readonly BenchCheck[];
}

/** A check of `value ≤ max`, printed with `digits` decimals and `unit`. */
export function atMost(label: string, value: number, max: number, unit: string, digits = 2): BenchCheck {
  return {
    label,
    measured: `${value.toFixed(digits)}${unit}`,
    target: `≤ ${max}${unit}`,
    ok: Number.isFinite(value) ? value <= max : false,
  };
}

/** A figure without target. */
export function info(label: string, measured: string): BenchCheck {
  return { label, measured, target: '', ok: undefined };
}

/** Environment number with a default (e.g. `BENCH_HOLD_MS`). */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** True when `BENCH_FULL=1` asks for the long variants. */
export function fullRun(): boolean {
  return process.env.BENCH_FULL === '1' || process.env.BENCH_FULL === 'true';
}
