import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.types';
import type { Usage } from '../core/usage.types';
import { costOf, type PricedModel } from '../cost/cost.calculator';
import type { PriceTable } from '../cost/price-table.types';
import { BudgetExceededError } from '../errors/budget-exceeded.error';
import type { BudgetStore } from './budget-store.types';
import type { BudgetEvent, BudgetLimit } from './budget.types';
import { windowAt } from './budget-window';

/** One counter a request has reserved on. */
export interface Hold {
  readonly limit: BudgetLimit<unknown>;
  readonly counter: string;
  readonly expiresAt: number;
  /** What was reserved, in the limit's unit. */
  readonly amount: number;
}

/**
 * The store key of one counter: `<budget>:<hashed caller>:<window>:<window start>`. No namespace: the
 * store adds its own (`RedisBudgetStore`: `<prefix>budget:`), so the Redis key is
 * `chat-ts:budget:<budget>:...` once.
 */
export function counterKey(limit: Pick<BudgetLimit<unknown>, 'name' | 'window'>, caller: string, windowStart: number): string {
  return `${limit.name}:${createHash('sha256').update(caller).digest('hex').slice(0, 32)}:${limit.window}:${windowStart}`;
}

/** A counter margin past the window's end, so a late settle still finds it. */
const EXPIRY_MARGIN_MS = 60_000;

/** The budgets of one chat: reserves before a request, settles after. */
export class BudgetLedger {
  constructor(
    private readonly limits: readonly BudgetLimit<unknown>[],
    private readonly store: BudgetStore,
    private readonly clock: Clock,
    private readonly prices: PriceTable | undefined,
    private readonly onEvent: (event: BudgetEvent) => void,
  ) {}

  /** The amount `usage` of `model` spends in `limit`'s unit. */
  private amount(limit: BudgetLimit<unknown>, usage: Usage, model: PricedModel): number {
    return limit.unit === 'cost' ? costOf(usage, model, this.prices!).total : usage.totalTokens;
  }

  /**
   * Reserves `estimate` on every limit that applies to `context`, atomically per counter. When a
   * hard limit refuses, gives back what was reserved and throws `BudgetExceededError`. Returns the
   * holds and a warning per soft limit crossed.
   */
  async reserve(context: unknown, estimate: Usage, model: PricedModel): Promise<{ holds: Hold[]; warnings: string[] }> {
    const now = this.clock.now();
    const holds: Hold[] = [];
    const warnings: string[] = [];
    for (const limit of this.limits) {
      const who = limit.key(context);
      if (who === undefined) continue;
      const window = windowAt(limit.window, now);
      const counter = counterKey(limit, who, window.start);
      const hold: Hold = { limit, counter, expiresAt: window.end + EXPIRY_MARGIN_MS, amount: this.amount(limit, estimate, model) };
      const unit = limit.unit ?? 'tokens';
      let result;
      try {
        result = limit.limit === undefined ? await this.store.adjust(counter, hold.amount, hold.expiresAt) : await this.store.reserve(counter, hold.amount, limit.limit, hold.expiresAt);
      } catch (error) {
        await this.release(holds);
        throw error;
      }
      if (!result.ok) {
        await this.release(holds);
        this.onEvent({ type: 'exceeded', budget: limit.name, window: limit.window, unit, used: result.used, limit: limit.limit! });
        throw new BudgetExceededError({ budget: limit.name, window: limit.window, unit, limit: limit.limit!, used: result.used, requested: hold.amount, resetsAt: window.end }, now);
      }
      holds.push(hold);
      if (limit.softLimit !== undefined && result.used > limit.softLimit) {
        this.onEvent({ type: 'soft-limit', budget: limit.name, window: limit.window, unit, used: result.used, limit: limit.softLimit });
        warnings.push(`Budget "${limit.name}" is past its soft limit: ${round(result.used)} of ${limit.softLimit} ${unit} this ${limit.window}`);
      }
    }
    return { holds, warnings };
  }

  /** Replaces each reservation with the real usage (a store failure is reported, not thrown: the request happened). */
  async settle(holds: readonly Hold[], usage: Usage, model: PricedModel): Promise<void> {
    await Promise.all(holds.map((hold) => this.adjust(hold, this.amount(hold.limit, usage, model) - hold.amount)));
  }

  /** Gives every reservation back (the request failed or was never sent). */
  async release(holds: readonly Hold[]): Promise<void> {
    await Promise.all(holds.map((hold) => this.adjust(hold, -hold.amount)));
  }

  private async adjust(hold: Hold, delta: number): Promise<void> {
    if (delta === 0) return;
    try {
      await this.store.adjust(hold.counter, delta, hold.expiresAt);
    } catch (error) {
      this.onEvent({ type: 'store-error', budget: hold.limit.name, error });
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
