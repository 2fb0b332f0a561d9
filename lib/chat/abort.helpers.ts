import { AbortedError } from '../errors/aborted.error';
import { ChatError } from '../errors/chat.error';

/**
 * A signal that never aborts: the run signal of a `complete()` without a caller signal (nothing
 * else can abort it). Nobody listens to it and it is never passed to a provider.
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** The signal to hand on: undefined for {@link NEVER_ABORTED}. */
export function liveSignal(signal: AbortSignal): AbortSignal | undefined {
  return signal === NEVER_ABORTED ? undefined : signal;
}

/** An AbortController that also aborts when `parent` does; `dispose()` removes the listener. */
export interface LinkedController {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  dispose(): void;
}

const noop = (): void => undefined;

/** A child controller chained to `parent` (no listener is left behind after `dispose()`). */
export function linkedController(parent?: AbortSignal): LinkedController {
  const controller = new AbortController();
  if (!parent || parent === NEVER_ABORTED) return { controller, signal: controller.signal, dispose: noop };
  const onAbort = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, signal: controller.signal, dispose: () => parent.removeEventListener('abort', onAbort) };
}

/** The typed error for an aborted signal: its reason when that is a `ChatError`, else an `AbortedError`. */
export function abortError(signal: AbortSignal, provider?: string): ChatError {
  const reason: unknown = signal.reason;
  if (ChatError.is(reason)) return reason;
  return new AbortedError('The call was aborted', { provider, cause: reason });
}

/** Throws the abort error when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal, provider?: string): void {
  if (signal.aborted) throw abortError(signal, provider);
}
