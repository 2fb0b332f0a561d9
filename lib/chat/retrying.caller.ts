import { Observable, type Observer, type Subscriber, type Subscription, type Unsubscribable } from 'rxjs';
import type { Clock } from '../core/clock.types';
import type { ProviderRequest } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { ContextLengthExceededError } from '../errors/context-length-exceeded.error';
import type { RetryInfo, RetryPolicy } from '../retry/retry-policy.types';
import { retryAfterFirstFailure, runWithRetry } from '../retry/retry.runner';
import { DirectSubscriber } from './direct.subscriber';
import type { EmbeddingCaller, ModelCallInfo, ModelCaller } from './model-caller';

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
 *
 * The first attempt costs one subscription: the retry state (a controller for the wait, the
 * caller-signal listener, the announcing policy) is created only when that attempt fails.
 */
export function retryingCaller(inner: ModelCaller, policy: RetryPolicy, clock: Clock): ModelCaller {
  return (request, info) =>
    new Observable<ModelStreamEvent>((subscriber) => new RetriedRequest(inner, policy, clock, request, info, subscriber).start());
}

/**
 * One subscription of {@link retryingCaller}: the subscriber of the first attempt (taken by rxjs
 * as it is, see {@link DirectSubscriber}) and the teardown in one object; the retry state exists
 * only after that attempt failed before emitting.
 */
class RetriedRequest extends DirectSubscriber implements Observer<ModelStreamEvent>, Unsubscribable {
  private readonly started: number;
  /** The subscription of the current retry (none for the first attempt). */
  private current?: Subscription;
  private retrying?: RetryState;
  private emitted = false;
  private ended = false;

  constructor(
    private readonly inner: ModelCaller,
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
    private readonly request: ProviderRequest,
    private readonly info: ModelCallInfo,
    private readonly subscriber: Subscriber<ModelStreamEvent>,
  ) {
    super();
    this.started = clock.now();
  }

  start(): Unsubscribable {
    const info = this.info.attempt === 1 ? this.info : { ...this.info, attempt: 1 };
    this.inner(this.request, info).subscribe(this);
    return this;
  }

  next(event: ModelStreamEvent): void {
    if (this.closed) return;
    this.emitted = true;
    this.subscriber.next(event);
  }

  error(error: unknown): void {
    if (!this.stop()) return;
    if (this.emitted || this.ended) this.subscriber.error(error);
    else this.retrying = retryAfter(error, this.inner, this.request, this.info, this.policy, this.clock, this.started, this.subscriber, (subscription) => (this.current = subscription));
    this.release();
  }

  complete(): void {
    if (!this.stop()) return;
    this.subscriber.complete();
    this.release();
  }

  /** The subscriber unsubscribed: ends the first attempt, the wait between attempts and the current retry. */
  override unsubscribe(): void {
    this.ended = true;
    this.retrying?.stop();
    this.current?.unsubscribe();
    if (this.closed) this.release();
    else super.unsubscribe();
  }
}

/** The state of a request whose first attempt failed. */
interface RetryState {
  /** Ends the wait between attempts (unsubscribed). */
  stop(): void;
}

/** Runs the retries of a request whose first attempt failed with `error`, into `subscriber`. */
function retryAfter(
  error: unknown,
  inner: ModelCaller,
  request: ProviderRequest,
  info: ModelCallInfo,
  policy: RetryPolicy,
  clock: Clock,
  started: number,
  subscriber: Subscriber<ModelStreamEvent>,
  track: (subscription: Subscription) => void,
): RetryState {
  // ends the wait between attempts when the caller aborts or unsubscribes (AbortSignal.any needs Node 20)
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(request.signal?.reason);
  if (request.signal?.aborted) stop.abort(request.signal.reason);
  else request.signal?.addEventListener('abort', onAbort, { once: true });
  let sending: ProviderRequest = request;
  const attemptOnce = (attempt: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (subscriber.closed) return resolve();
      let started = false;
      track(
        inner(sending, { ...info, attempt }).subscribe({
          next: (event) => {
            if (!started) (started = true), resolve();
            subscriber.next(event);
          },
          error: (failure: unknown) => (started ? subscriber.error(failure) : reject(failure)),
          complete: () => {
            if (!started) resolve();
            subscriber.complete();
          },
        }),
      );
    });
  const recover = (failure: unknown): boolean => {
    const next = shortened(policy, sending, failure);
    if (next) sending = next;
    return next !== undefined;
  };
  const effective =
    info.mode === 'stream'
      ? announcing(policy, ({ error: failure, attempt, delayMs }) => {
          if (!subscriber.closed) subscriber.next({ type: 'error', error: failure, attempt, delayMs });
        })
      : policy;
  retryAfterFirstFailure(error, attemptOnce, effective, { clock, signal: stop.signal, recover }, started)
    .catch((failure: unknown) => {
      if (!subscriber.closed) subscriber.error(failure);
    })
    .finally(() => request.signal?.removeEventListener('abort', onAbort));
  return {
    stop: () => {
      request.signal?.removeEventListener('abort', onAbort);
      stop.abort();
    },
  };
}

/** Wraps the embedding seam with a retry policy: each batch is retried alone. */
export function retryingEmbeddingCaller(inner: EmbeddingCaller, policy: RetryPolicy, clock: Clock): EmbeddingCaller {
  return (request, info) => runWithRetry((attempt) => inner(request, { ...info, attempt }), policy, { clock, signal: request.signal });
}
