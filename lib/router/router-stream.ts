import { Observable, type Subscription } from 'rxjs';
import type { ProviderRequest } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { ChatError } from '../errors/chat.error';
import type { CircuitBreaker } from './circuit-breaker';
import { asChatError, FallbackPlan } from './fallback-plan';
import type { RoutedProvider, StreamFallbackMode } from './routing-strategy.types';
import { mergeResumed, resumeRequest } from './stream-resume';

/** What {@link routedStream} needs from its router. */
export interface RoutedStreamOptions {
  /** The providers to try, in order (a promise when a strategy decides). */
  readonly order: () => readonly RoutedProvider[] | Promise<readonly RoutedProvider[]>;
  readonly breaker?: CircuitBreaker;
  readonly mode: StreamFallbackMode;
  readonly fallbackIf: (error: ChatError) => boolean;
}

/**
 * One streamed model request over a list of providers. Before the first event reached the
 * subscriber, a failure moves to the next provider unseen. After it, `mode` decides: `error`
 * surfaces the failure; `restart` and `resume` emit `provider-fallback` (from, to, error, mode)
 * and go on with the next provider — from scratch, or continuing after the text already shown
 * (the final `step-finish` then holds the whole text). Resuming with no text shown is a restart.
 */
export function routedStream(request: ProviderRequest, options: RoutedStreamOptions): Observable<ModelStreamEvent> {
  return new Observable<ModelStreamEvent>((subscriber) => {
    let plan: FallbackPlan | undefined;
    let current: Subscription | undefined;
    let active: RoutedProvider | undefined;
    let closed = false;

    const fail = (error: ChatError): void => subscriber.error(error);

    const run = (entry: RoutedProvider, sending: ProviderRequest, delivered: string, shown: boolean): void => {
      const steps = plan as FallbackPlan;
      let text = '';
      let sent = shown;
      active = entry;
      current = entry.provider.stream(sending).subscribe({
        next: (event) => {
          if (event.type === 'step-finish') {
            active = undefined;
            steps.settle(entry);
            subscriber.next(delivered ? { type: 'step-finish', response: mergeResumed(delivered, event.response) } : event);
            return;
          }
          if (event.type === 'text-delta') text += event.delta;
          sent = true;
          subscriber.next(event);
        },
        error: (raw: unknown) => {
          active = undefined;
          const error = asChatError(raw, entry.name);
          steps.settle(entry, error);
          if (closed) return;
          let moveOn: boolean;
          try {
            moveOn = !request.signal?.aborted && options.fallbackIf(error);
          } catch (hookError) {
            return fail(hookError as ChatError);
          }
          if (!moveOn || (sent && options.mode === 'error')) return fail(error);
          const next = steps.next();
          if (!next) return fail(steps.finalError());
          if (!sent) return run(next, sending, delivered, false);
          const soFar = delivered + text;
          const resume = options.mode === 'resume' && soFar !== '';
          subscriber.next({ type: 'provider-fallback', from: entry.name, to: next.name, error, mode: resume ? 'resume' : 'restart' });
          if (closed) return steps.release(next);
          if (resume) run(next, resumeRequest(request, soFar), soFar, true);
          else run(next, request, '', true);
        },
        complete: () => subscriber.complete(),
      });
    };

    const start = (ordered: readonly RoutedProvider[]): void => {
      if (closed) return;
      plan = new FallbackPlan(ordered, options.breaker);
      const first = plan.next();
      if (!first) return fail(plan.finalError());
      run(first, request, '', false);
    };

    let ordered: readonly RoutedProvider[] | Promise<readonly RoutedProvider[]>;
    try {
      ordered = options.order();
    } catch (error) {
      fail(asChatError(error, 'router'));
      return undefined;
    }
    if (Array.isArray(ordered)) start(ordered);
    else (ordered as Promise<readonly RoutedProvider[]>).then(start, (error: unknown) => fail(asChatError(error, 'router')));

    return () => {
      closed = true;
      if (active) plan?.release(active);
      current?.unsubscribe();
    };
  });
}
