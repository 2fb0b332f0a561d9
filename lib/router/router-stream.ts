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
            void steps.settle(entry);
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
          void steps.settle(entry, error).then(() => fallBack(entry, error, sending, delivered + text, sent, delivered));
        },
        complete: () => subscriber.complete(),
      });
    };

    /** After a failed try: surfaces the error, or moves on to the next provider (unseen, restarting or resuming). */
    const fallBack = async (entry: RoutedProvider, error: ChatError, sending: ProviderRequest, soFar: string, sent: boolean, delivered: string): Promise<void> => {
      const steps = plan as FallbackPlan;
      if (closed) return;
      let moveOn: boolean;
      try {
        moveOn = !request.signal?.aborted && options.fallbackIf(error);
      } catch (hookError) {
        return fail(hookError as ChatError);
      }
      if (!moveOn || (sent && options.mode === 'error')) return fail(error);
      const next = await steps.next();
      if (closed) {
        if (next) await steps.release(next);
        return;
      }
      if (!next) return fail(steps.finalError());
      if (!sent) return run(next, sending, delivered, false);
      const resume = options.mode === 'resume' && soFar !== '';
      subscriber.next({ type: 'provider-fallback', from: entry.name, to: next.name, error, mode: resume ? 'resume' : 'restart' });
      if (closed) return steps.release(next);
      if (resume) run(next, resumeRequest(request, soFar), soFar, true);
      else run(next, request, '', true);
    };

    const start = async (ordered: readonly RoutedProvider[]): Promise<void> => {
      if (closed) return;
      plan = new FallbackPlan(ordered, options.breaker);
      const first = await plan.next();
      if (closed) {
        if (first) await plan.release(first);
        return;
      }
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
    Promise.resolve(ordered).then(start, (error: unknown) => fail(asChatError(error, 'router')));

    return () => {
      closed = true;
      if (active) void plan?.release(active);
      current?.unsubscribe();
    };
  });
}
