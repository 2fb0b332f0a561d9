import { defer, type Observable } from 'rxjs';
import type { Cost } from '../core/cost.types';
import type { RunEndInfo, RunObservation, RunObserver, RunStartInfo } from '../core/run-observer.types';
import type { RetryPolicy } from '../retry/retry-policy.types';
import type { CallOptions } from './chat.types';
import { hookedCaller, type RequestHooks } from './request-hooks';
import { retryingCaller } from './retrying.caller';
import type { RunSettings } from './run-settings';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { CallbackError } from '../errors/callback.error';
import type { EmbeddingCaller, ModelCaller } from './model-caller';

function started(observer: RunObserver, run: RunStartInfo): RunObservation | undefined | void {
  try {
    return observer.startRun?.(run);
  } catch (thrown) {
    throw new CallbackError(`A run observer threw in startRun: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { thrown, cause: thrown, callback: 'startRun' });
  }
}

/**
 * Starts every observer on a run and merges what they return into one observation (the first
 * observer outermost), or `undefined` when none observes it. `end` is called once.
 */
export function startObservation(observers: readonly RunObserver[], run: RunStartInfo): RunObservation | undefined {
  const parts = observers.map((o) => started(o, run)).filter((p): p is RunObservation => !!p);
  if (parts.length === 0) return undefined;
  let ended = false;
  return {
    within: <R>(fn: () => R): R => parts.reduceRight<() => R>((inner, p) => (p.within ? () => p.within!(inner) : inner), fn)(),
    modelCall: (request, info, send) =>
      parts.reduceRight<(r: typeof request) => Observable<ModelStreamEvent>>((inner, p) => (p.modelCall ? (r) => p.modelCall!(r, info, inner) : inner), send)(request),
    tool: (call, execute) => parts.reduceRight<typeof execute>((inner, p) => (p.tool ? () => p.tool!(call, inner) : inner), execute)(),
    cost: () => parts.map((p) => p.cost?.()).find((c) => c !== undefined),
    end: (outcome: RunEndInfo) => {
      if (ended) return;
      ended = true;
      for (const p of parts) p.end?.(outcome);
    },
  };
}

/** `inner` with each attempt going through the observation (a refusal fails that attempt, nothing is sent). */
export function observedCaller(inner: ModelCaller, observation: RunObservation | undefined): ModelCaller {
  const wrap = observation?.modelCall;
  if (!wrap) return inner;
  return (request, info) => defer(() => wrap(request, { mode: info.mode, step: info.step, attempt: info.attempt, repair: info.repair }, (sending) => inner(sending, info)));
}

/** `inner` with each embedding batch attempt going through the observers' `embedding` wrappers. */
export function observedEmbeddingCaller(inner: EmbeddingCaller, observers: readonly RunObserver[], provider: { readonly id: string }): EmbeddingCaller {
  const wrappers = observers.filter((o) => o.embedding);
  if (wrappers.length === 0) return inner;
  return (request, info) => {
    const seen = { provider: provider.id, model: request.model, batch: info.batch, attempt: info.attempt };
    return wrappers.reduceRight<() => ReturnType<EmbeddingCaller>>((next, o) => () => o.embedding!(request, seen, next), () => inner(request, info))();
  };
}

/** What an observed run rebuilds its model seam from: the innermost caller, the hooks and the retry policy. */
export interface ObservedSeam {
  readonly inner: ModelCaller;
  readonly hooks?: RequestHooks;
  readonly retry?: RetryPolicy;
}

/** Starts a chat's observers on a run; `undefined` when it has none (or none observes the run). */
export function observeRun(observers: readonly RunObserver[] | undefined, settings: RunSettings<unknown>, mode: 'complete' | 'stream', call: CallOptions): RunObservation | undefined {
  if (!observers?.length) return undefined;
  const options = settings.options || call.options ? { ...settings.options, ...call.options } : undefined;
  return startObservation(observers, { mode, provider: settings.provider.id, model: settings.provider.model, context: call.context, options });
}

/** The run's settings: an observed run sends each attempt through the observation, inside the hooks and the retry policy. */
export function observedSettings<T>(settings: RunSettings<T>, seam: ObservedSeam, observation: RunObservation | undefined): RunSettings<T> {
  if (!observation) return settings;
  const inner = observedCaller(seam.inner, observation);
  const base = seam.hooks ? hookedCaller(inner, seam.hooks, settings.clock) : inner;
  return { ...settings, caller: seam.retry ? retryingCaller(base, seam.retry, settings.clock) : base, observation };
}

/** `{ cost }` when an observer priced the run, else nothing: spread into responses and `finish` events. */
export function costField(observation: RunObservation | undefined): { readonly cost?: Cost } {
  const cost = observation?.cost?.();
  return cost ? { cost } : {};
}
