import { Observable, type Subscription } from 'rxjs';
import type { ProviderRequest } from '../core/provider.types';
import type { ModelAttemptInfo, RunObserver, RunStartInfo } from '../core/run-observer.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { Usage } from '../core/usage.types';
import { systemClock } from '../core/system.clock';
import { validatePriceTable } from '../cost/price-table.validation';
import { ConfigurationError } from '../errors/configuration.error';
import { BudgetLedger, type Hold } from './budget.ledger';
import type { BudgetLimit, BudgetsOptions } from './budget.types';
import { InMemoryBudgetStore } from './in-memory-budget.store';
import { estimateUsage } from './usage.estimator';

function validate(limits: readonly BudgetLimit<unknown>[], hasPrices: boolean): void {
  if (!Array.isArray(limits) || limits.length === 0) throw new ConfigurationError('budgets() needs at least one limit');
  const names = new Set<string>();
  for (const limit of limits) {
    const where = `budgets(): limit "${String(limit?.name)}"`;
    if (typeof limit?.name !== 'string' || !limit.name || names.has(limit.name)) throw new ConfigurationError('budgets(): every limit needs a unique, non-empty name');
    names.add(limit.name);
    if (typeof limit.key !== 'function') throw new ConfigurationError(`${where} needs key: (context) => string | undefined`);
    if (!['minute', 'hour', 'day', 'month'].includes(limit.window)) throw new ConfigurationError(`${where}: window must be minute, hour, day or month`);
    if (limit.limit === undefined && limit.softLimit === undefined) throw new ConfigurationError(`${where} needs a limit or a softLimit`);
    for (const value of [limit.limit, limit.softLimit]) {
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) throw new ConfigurationError(`${where}: limits must be numbers >= 0`);
    }
    if (limit.unit === 'cost' && !hasPrices) throw new ConfigurationError(`${where} is in cost: give budgets() a price table (prices)`);
  }
}

/** One attempt under the budgets: reserve, send, settle (or give back). */
function budgeted(ledger: BudgetLedger, options: BudgetsOptions<unknown>, run: RunStartInfo, request: ProviderRequest, send: (request: ProviderRequest) => Observable<ModelStreamEvent>): Observable<ModelStreamEvent> {
  const model = { provider: run.provider, model: run.model };
  return new Observable<ModelStreamEvent>((subscriber) => {
    let closed = false;
    let finished = false;
    let holds: Hold[] | undefined;
    let partial: Usage | undefined;
    let inner: Subscription | undefined;
    let pending: Promise<void> = Promise.resolve();
    ledger.reserve(run.context, (options.estimate ?? estimateUsage)(request), model).then(
      (reserved) => {
        holds = reserved.holds;
        if (closed) return void ledger.release(reserved.holds); // unsubscribed while reserving: nothing was sent
        for (const message of reserved.warnings) subscriber.next({ type: 'warning', message });
        inner = send(request).subscribe({
          next: (event) => {
            if (event.type === 'usage') partial = event.usage;
            if (event.type !== 'step-finish') return subscriber.next(event);
            finished = true;
            const answered = { provider: event.response.metadata.provider || model.provider, model: event.response.metadata.model || model.model };
            pending = ledger.settle(reserved.holds, event.response.usage, answered).then(() => {
              if (!closed) subscriber.next(event);
            });
          },
          error: (error: unknown) => {
            finished = true;
            void ledger.release(reserved.holds).then(() => subscriber.error(error));
          },
          complete: () => void pending.then(() => subscriber.complete()),
        });
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      closed = true;
      inner?.unsubscribe();
      // cut mid-request: what the provider reported so far replaces the estimate; with nothing reported the estimate stays spent
      if (holds && !finished && partial) void ledger.settle(holds, partial, model);
    };
  });
}

/**
 * Spending limits per caller: before each model request (each attempt) the request's estimated
 * usage is reserved on every limit that applies to the call's `context`; a request that would
 * cross a hard limit is not sent and the run ends with a `BudgetExceededError`. After the answer
 * the reservation is replaced by the real usage (a failed request gives it back). A soft limit
 * adds a `warning` event (and `ChatResponse.warnings`). Counters live in a {@link BudgetStore}:
 * in memory by default; a shared store (Redis) holds a budget across processes.
 *
 * @example
 * const chat = new ChatBuilder()
 *   .withModel(provider)
 *   .withObserver(budgets<{ userId: string }>({
 *     limits: [{ name: 'user-daily-tokens', key: (c) => c.userId, window: 'day', limit: 200_000, softLimit: 150_000 }],
 *   }))
 *   .build();
 * await chat.complete('Hi', { context: { userId: 'u-42' } });
 */
export function budgets<C = unknown>(options: BudgetsOptions<C>): RunObserver {
  const general = options as unknown as BudgetsOptions<unknown>;
  const prices = general.prices ? validatePriceTable(general.prices) : undefined;
  validate(general.limits, prices !== undefined);
  const clock = general.clock ?? systemClock;
  const ledger = new BudgetLedger(general.limits, general.store ?? new InMemoryBudgetStore(clock), clock, prices, general.onEvent ?? (() => undefined));
  return {
    startRun: (run) => {
      if (!general.limits.some((limit) => limit.key(run.context) !== undefined)) return undefined;
      return { modelCall: (request: ProviderRequest, _info: ModelAttemptInfo, send) => budgeted(ledger, general, run, request, send) };
    },
  };
}
