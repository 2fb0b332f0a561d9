import { Observable, type Subscription } from 'rxjs';
import type { Clock } from '../core/clock.types';
import type { ProviderRequest } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { ContextLengthExceededError } from '../errors/context-length-exceeded.error';
import type { RetryPolicy } from '../retry/retry-policy.types';
import { runWithRetry } from '../retry/retry.runner';
import type { EmbeddingCaller, ModelCaller } from './model-caller';

/**
 * Wraps the model seam with a retry policy. A request is repeated only while nothing of it has
 * reached the subscriber: once a stream has emitted an event, its failure is final. With
 * `policy.onContextLength`, a request that exceeded the context is shortened and sent again at once.
 * Unsubscribing ends the wait between attempts; no attempt starts after it.
 */
export function retryingCaller(inner: ModelCaller, policy: RetryPolicy, clock: Clock): ModelCaller {
  return (request, info) =>
    new Observable<ModelStreamEvent>((subscriber) => {
      let current: Subscription | undefined;
      let closed = false;
      // ends the wait between attempts when the caller aborts or unsubscribes (AbortSignal.any needs Node 20)
      const stop = new AbortController();
      const onAbort = (): void => stop.abort(request.signal?.reason);
      if (request.signal?.aborted) stop.abort(request.signal.reason);
      else request.signal?.addEventListener('abort', onAbort, { once: true });
      let sending: ProviderRequest = request;
      const attemptOnce = (attempt: number): Promise<void> =>
        new Promise<void>((resolve, reject) => {
          if (closed) return resolve();
          let started = false;
          current = inner(sending, { ...info, attempt }).subscribe({
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
      const recover = (error: unknown): boolean => {
        if (!policy.onContextLength || !ContextLengthExceededError.is(error)) return false;
        const shorter = policy.onContextLength(sending.messages);
        if (!shorter || shorter.length >= sending.messages.length) return false;
        sending = { ...sending, messages: shorter };
        return true;
      };
      runWithRetry(attemptOnce, policy, { clock, signal: stop.signal, recover }).catch((error: unknown) => {
        if (!closed) subscriber.error(error);
      });
      return () => {
        closed = true;
        request.signal?.removeEventListener('abort', onAbort);
        stop.abort();
        current?.unsubscribe();
      };
    });
}

/** Wraps the embedding seam with a retry policy: each batch is retried alone. */
export function retryingEmbeddingCaller(inner: EmbeddingCaller, policy: RetryPolicy, clock: Clock): EmbeddingCaller {
  return (request, info) => runWithRetry((attempt) => inner(request, { ...info, attempt }), policy, { clock, signal: request.signal });
}
