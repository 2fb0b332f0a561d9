/** A budget window: fixed calendar periods in UTC. */
export type BudgetWindow = 'minute' | 'hour' | 'day' | 'month';

/** The window holding `now` (epoch ms): its start and end (exclusive), in UTC. */
export function windowAt(window: BudgetWindow, now: number): { readonly start: number; readonly end: number } {
  const d = new Date(now);
  switch (window) {
    case 'minute': {
      const start = now - (now % 60_000);
      return { start, end: start + 60_000 };
    }
    case 'hour': {
      const start = now - (now % 3_600_000);
      return { start, end: start + 3_600_000 };
    }
    case 'day': {
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      return { start, end: start + 86_400_000 };
    }
    case 'month':
      return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
  }
}
