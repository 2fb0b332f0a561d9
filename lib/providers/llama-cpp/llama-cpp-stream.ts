import { Observable } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { ProviderRequest } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { runGeneration } from './llama-cpp.generation';
import type { LlamaCppRuntime } from './llama-cpp.runtime';

/**
 * A cold Observable over one generation: text and reasoning deltas as tokens arrive, tool-call
 * start/delta while arguments are written, then tool-call ends, `usage` and `step-finish`.
 * Unsubscribing aborts the generation at once and frees its sequence.
 */
export function streamGeneration(runtime: LlamaCppRuntime, request: ProviderRequest, clock?: Clock): Observable<ModelStreamEvent> {
  return new Observable<ModelStreamEvent>((subscriber) => {
    const controller = new AbortController();
    const started = new Set<string>();
    let finished = false;
    const emit = (event: ModelStreamEvent): void => {
      if (!subscriber.closed) subscriber.next(event);
    };
    runGeneration(runtime, request, {
      signal: controller.signal,
      clock,
      listener: {
        text: (delta) => emit({ type: 'text-delta', delta }),
        reasoning: (delta) => emit({ type: 'reasoning-delta', delta }),
        toolCallStart: (id, name) => {
          started.add(id);
          emit({ type: 'tool-call-start', id, name });
        },
        toolCallDelta: (id, delta) => emit({ type: 'tool-call-delta', id, delta }),
        warning: (message) => emit({ type: 'warning', message }),
      },
    }).then(
      (response) => {
        finished = true;
        for (const part of response.parts) {
          if (part.type !== 'tool-call') continue;
          if (!started.has(part.id)) emit({ type: 'tool-call-start', id: part.id, name: part.name });
          emit({ type: 'tool-call-end', call: part });
        }
        emit({ type: 'usage', usage: response.usage });
        emit({ type: 'step-finish', response });
        subscriber.complete();
      },
      (error: unknown) => {
        finished = true;
        if (!subscriber.closed) subscriber.error(error);
      },
    );
    return () => {
      if (!finished) controller.abort();
    };
  });
}
