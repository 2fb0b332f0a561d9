import { Observable, type Subscription } from 'rxjs';
import type { Clock } from '../core/clock.types';
import type { ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { ContextLengthExceededError } from '../errors/context-length-exceeded.error';
import type { RetryInfo, RetryPolicy } from '../retry/retry-policy.types';
import { runWithRetry } from '../retry/retry.runner';
import type { EmbeddingCaller, ModelCaller } from './model-caller';

/**
 * The request to send after a failure, when `policy.onContextLength` shortens a conversation that
 * exceeded the context (the retry runner then repeats at once, uncounted); undefined otherwise.
 */
function shortened(policy: RetryPolicy, sending: ProviderRequest, error: unknown): ProviderRequest | undefined {
  if (!policy.onContextLength || !ContextLengthExceededError.is(error)) return undefined;
  const shorter = policy.onContextLength(sending.messages);
  if (!shorter || shorter.length >= sending.messages.length) return undefined;
  return { ...sending, messages: shorter };
}

/** `policy` with `announce` told of each retry (after the policy's own `onRetry`, with the delay it chose). */
function announcing(policy: RetryPolicy, announce: (info: RetryInfo) => void): RetryPolicy {
  return {
    ...policy,
    onRetry: async (info) => {
      const chosen = await policy.onRetry?.(info);
      const delayMs = typeof chosen === 'number' && Number.isFinite(chosen) && chosen >= 0 ? chosen : info.delayMs;
      announce({ ...info, delayMs });
      return chosen;
    },
  };
}

/**
 * Wraps the model seam with a retry policy. A request is repeated only while nothing of it has
 * reached the subscriber: once a stream has emitted an event, its failure is final. Before each
 * retry of a streamed request, an `error` event tells the subscriber what failed and how long the
 * wait is (it is not part of the answer). With `policy.onContextLength`, a request that exceeded
 * the context is shortened and sent again at once.
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
        const next = shortened(policy, sending, error);
        if (next) sending = next;
        return next !== undefined;
      };
      const effective =
        info.mode === 'stream'
          ? announcing(policy, ({ error, attempt, delayMs }) => {
              if (!closed) subscriber.next({ type: 'error', error, attempt, delayMs });
            })
          : policy;
      runWithRetry(attemptOnce, effective, { clock, signal: stop.signal, recover }).catch((error: unknown) => {
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

/**
 * `complete` under a retry policy, without the Observable seam: what {@link retryingCaller} does
 * for a `complete()` call on the plain provider. The request's signal ends the wait between attempts.
 */
export function retryingComplete(
  complete: (request: ProviderRequest) => Promise<ProviderResponse>,
  policy: RetryPolicy,
  clock: Clock,
): (request: ProviderRequest) => Promise<ProviderResponse> {
  return (request) => {
    let sending = request;
    const recover = (error: unknown): boolean => {
      const next = shortened(policy, sending, error);
      if (next) sending = next;
      return next !== undefined;
    };
    return runWithRetry(() => complete(sending), policy, { clock, signal: request.signal, recover });
  };
}

/** Wraps the embedding seam with a retry policy: each batch is retried alone. */
export function retryingEmbeddingCaller(inner: EmbeddingCaller, policy: RetryPolicy, clock: Clock): EmbeddingCaller {
  return (request, info) => runWithRetry((attempt) => inner(request, { ...info, attempt }), policy, { clock, signal: request.signal });
}
