import { tap } from 'rxjs';
import type { Cost } from '../core/cost.types';
import type { ResponseStatus } from '../core/message.types';
import type { RunObserver } from '../core/run-observer.types';
import type { Usage } from '../core/usage.types';
import { addCost, costOf, zeroCost } from './cost.calculator';
import type { PriceTable } from './price-table.types';
import { validatePriceTable } from './price-table.validation';

/** What the `onUsage` hook of {@link usageMeter} receives: one model request, or a whole run. */
export interface UsageReport {
  /** `request`: one answered model request (its provider and model: the router's choice, for a router); `run`: a whole `complete()`/`stream()` call. */
  readonly kind: 'request' | 'run';
  readonly provider: string;
  readonly model: string;
  readonly usage: Usage;
  /** With a price table: what it cost (a run's cost sums its requests, each priced by its own model). */
  readonly cost?: Cost;
  /** The per-call `context` (user, tenant...). */
  readonly context: unknown;
  /** For a request: its step and attempt. */
  readonly step?: number;
  readonly attempt?: number;
  /** For a run: how it ended. */
  readonly status?: ResponseStatus;
}

/** Options of {@link usageMeter}. */
export interface UsageMeterOptions {
  /** Prices per provider/model: costs appear on `ChatResponse.cost`, the `finish` event and the reports. */
  readonly prices?: PriceTable;
  /** Called after each answered model request and at the end of each run. A hook that throws is ignored (the call is already paid for). */
  readonly onUsage?: (report: UsageReport) => void | Promise<void>;
  /** The date prices are looked up for (default: now). */
  readonly now?: () => Date;
}

function safely(hook: UsageMeterOptions['onUsage'], report: UsageReport): void {
  if (!hook) return;
  try {
    void Promise.resolve(hook(report)).catch(() => undefined);
  } catch {
    // a failing hook must not fail a call that already happened
  }
}

/**
 * Usage and cost accounting: reports each model request (priced by the model that answered it,
 * router fallbacks included) and each run to `onUsage`, and, with `prices`, puts the run's cost on
 * `ChatResponse.cost` and on the stream's `finish` event.
 *
 * @example
 * const chat = new ChatBuilder()
 *   .withModel(provider)
 *   .withObserver(usageMeter({ prices, onUsage: (r) => r.kind === 'run' && ledger.add(r.context, r.cost) }))
 *   .build();
 * const { cost } = await chat.complete('Hi'); // cost?.total, cost?.currency
 */
export function usageMeter(options: UsageMeterOptions = {}): RunObserver {
  const prices = options.prices ? validatePriceTable(options.prices) : undefined;
  const today = (): string => (options.now?.() ?? new Date()).toISOString().slice(0, 10);
  return {
    startRun: (run) => {
      let cost = prices ? zeroCost(prices) : undefined;
      return {
        modelCall: (request, info, send) =>
          send(request).pipe(
            tap((event) => {
              if (event.type !== 'step-finish') return;
              const { usage, metadata } = event.response;
              const model = { provider: metadata.provider || run.provider, model: metadata.model || run.model };
              const priced = prices ? costOf(usage, model, prices, today()) : undefined;
              if (cost && priced) cost = addCost(cost, priced);
              safely(options.onUsage, { kind: 'request', ...model, usage, ...(priced ? { cost: priced } : {}), context: run.context, step: info.step, attempt: info.attempt });
            }),
          ),
        cost: () => cost,
        end: (outcome) => {
          safely(options.onUsage, { kind: 'run', provider: run.provider, model: run.model, usage: outcome.usage, ...(cost ? { cost } : {}), context: run.context, status: outcome.status });
        },
      };
    },
  };
}
