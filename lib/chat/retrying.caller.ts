import { Observable, type Subscription } from 'rxjs';
import type { Clock } from '../core/clock.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { RetryPolicy } from '../retry/retry-policy.types';
import { runWithRetry } from '../retry/retry.runner';
import type { EmbeddingCaller, ModelCaller } from './model-caller';

/**
 * Wraps the model seam with a retry policy. A request is repeated only while nothing of it has
 * reached the subscriber: once a stream has emitted an event, its failure is final.
 */
export function retryingCaller(inner: ModelCaller, policy: RetryPolicy, clock: Clock): ModelCaller {
  return (request, info) =>
    new Observable<ModelStreamEvent>((subscriber) => {
      let current: Subscription | undefined;
      const attemptOnce = (attempt: number): Promise<void> =>
        new Promise<void>((resolve, reject) => {
          let started = false;
          current = inner(request, { ...info, attempt }).subscribe({
            next: (event) => {
              if (!started) (started = true), resolve();
              subscriber.next(event);
            },
            error: (error: unknown) => (started ? subscriber.error(error) : reject(error)),
            complete: () => {
              if (!started) resolve();
              subscriber.complete();
            },
          });
        });
      runWithRetry(attemptOnce, policy, { clock, signal: request.signal }).catch((error: unknown) => subscriber.error(error));
      return () => current?.unsubscribe();
    });
}

/** Wraps the embedding seam with a retry policy: each batch is retried alone. */
export function retryingEmbeddingCaller(inner: EmbeddingCaller, policy: RetryPolicy, clock: Clock): EmbeddingCaller {
  return (request, info) => runWithRetry((attempt) => inner(request, { ...info, attempt }), policy, { clock, signal: request.signal });
}
