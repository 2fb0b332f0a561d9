import { AsyncLocalStorage } from 'node:async_hooks';
import { startObservation } from '../chat/run-observers';
import type { RunObserver } from '../core/run-observer.types';

/**
 * The `@ChatBudget()` budgets in force while a handler runs: the route's (or controller's), plus a
 * toolset's while one of its tools runs (outermost first).
 */
export const routeBudgetScope = new AsyncLocalStorage<readonly RunObserver[]>();

/**
 * Installed on every Nest chat: a run started while a `@ChatBudget()` route is handled (or a
 * `@ChatBudget()` toolset's tool runs) is observed by those budgets; elsewhere it observes nothing.
 */
export const routeBudgetObserver: RunObserver = {
  startRun: (run) => {
    const budgets = routeBudgetScope.getStore();
    if (!budgets?.length) return undefined;
    return budgets.length === 1 ? budgets[0].startRun?.(run) : startObservation(budgets, run);
  },
};
