import type { Clock } from '../core/clock.types';
import type { ProviderRequest } from '../core/provider.types';
import type { Usage } from '../core/usage.types';
import type { PriceTable } from '../cost/price-table.types';
import type { BudgetStore } from './budget-store.types';
import type { BudgetWindow } from './budget-window';

/**
 * One spending limit: per caller (the `key` read from the per-call `context`), per window, in
 * tokens or in cost. `limit` is hard (a request that would cross it is refused with a
 * `BudgetExceededError`, nothing sent); `softLimit` only warns (a `warning` event, `onEvent`).
 */
export interface BudgetLimit<C = unknown> {
  /** Shown in errors and events, and part of the counter's key: keep it stable. */
  readonly name: string;
  /** Whose budget a call spends (user, tenant, API key: it is hashed, never shown); `undefined`: this limit does not apply. */
  readonly key: (context: C) => string | undefined;
  readonly window: BudgetWindow;
  /** `tokens` (input + output, the default) or `cost` (needs `prices`). */
  readonly unit?: 'tokens' | 'cost';
  /** Hard limit per window. */
  readonly limit?: number;
  /** Soft limit per window: requests beyond it are sent, with a warning. */
  readonly softLimit?: number;
}

/** What `onEvent` hears: a request refused by a hard limit, sent beyond a soft limit, or a store failure after a request. */
export type BudgetEvent =
  | { readonly type: 'exceeded' | 'soft-limit'; readonly budget: string; readonly window: BudgetWindow; readonly unit: 'tokens' | 'cost'; readonly used: number; readonly limit: number }
  | { readonly type: 'store-error'; readonly budget: string; readonly error: unknown };

/** Options of `budgets()`. */
export interface BudgetsOptions<C = unknown> {
  readonly limits: readonly BudgetLimit<C>[];
  /** Where counters live (default: a new `InMemoryBudgetStore`, per process). */
  readonly store?: BudgetStore;
  /** Prices for `cost` limits. */
  readonly prices?: PriceTable;
  /** The clock of the windows (default: the system clock). */
  readonly clock?: Clock;
  /** Estimates a request's usage before it is sent (default: `estimateUsage`). */
  readonly estimate?: (request: ProviderRequest) => Usage;
  readonly onEvent?: (event: BudgetEvent) => void;
}
