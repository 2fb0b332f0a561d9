import type { RunObservation, RunObserver } from '../core/run-observer.types';
import { routeBudgetScope } from './route-budget.scope';

/**
 * A `@ChatBudget()` on a `@Toolset()` class (or one of its `@Tool()` methods) and the tools it
 * covers, as `ChatToolExplorer` discovers it.
 *
 * @example
 * const toolsets = app.get(ChatToolExplorer).explore();
 * for (const { budgets } of toolsets) for (const b of budgets) console.log(b.tools.join(', '));
 */
export interface ToolsetBudget {
  /** The `budgets()` observer the decorator made. */
  readonly budget: RunObserver;
  /** Names of the tools whose offer spends it. */
  readonly tools: readonly string[];
}

/**
 * The observer a chat gets for a toolset budget: a model request that offers one of the budget's
 * tools (`request.tools`) goes through the budget; other requests pass. A run started inside a scope
 * of the same budget (a chat a tool of this toolset starts, under `ChatBudgetInterceptor`) is left to
 * that scope, so no request spends one budget twice.
 */
export function toolsetBudgetObserver({ budget, tools }: ToolsetBudget): RunObserver {
  const names = new Set(tools);
  return {
    startRun: (run) => {
      if (routeBudgetScope.getStore()?.includes(budget)) return undefined;
      const observation = budget.startRun?.(run);
      const modelCall = observation?.modelCall;
      if (!observation || !modelCall) return observation ?? undefined;
      const scoped: RunObservation = {
        modelCall: (request, info, send) => (request.tools?.some((tool) => names.has(tool.name)) ? modelCall.call(observation, request, info, send) : send(request)),
      };
      if (observation.end) scoped.end = (outcome) => observation.end!(outcome);
      return scoped;
    },
  };
}
