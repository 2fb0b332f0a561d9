export { budgets } from './budgets.observer';
export type { BudgetEvent, BudgetLimit, BudgetsOptions } from './budget.types';
export type { BudgetCounter, BudgetStore } from './budget-store.types';
export { InMemoryBudgetStore } from './in-memory-budget.store';
export type { BudgetWindow } from './budget-window';
export { windowAt } from './budget-window';
export { DEFAULT_OUTPUT_ESTIMATE, estimateUsage } from './usage.estimator';
