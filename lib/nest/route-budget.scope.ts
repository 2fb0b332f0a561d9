import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunObserver } from '../core/run-observer.types';

/** The budgets of the Nest route (or controller) being handled, while its handler runs. */
export const routeBudgetScope = new AsyncLocalStorage<RunObserver>();

/**
 * Installed on every Nest chat: a run started while a `@ChatBudget()` route is handled is observed
 * by that route's budgets; elsewhere it observes nothing.
 */
export const routeBudgetObserver: RunObserver = {
  startRun: (run) => routeBudgetScope.getStore()?.startRun?.(run),
};
