import { catchError, defer, from, Observable, Subject, switchMap } from 'rxjs';
import type { CounterStore } from '../core/counter-store.types';
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embedding.types';
import type { HoldStore } from '../core/hold-store.types';
import type { ChatProvider, ProviderCapabilities, ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { ChatError } from '../errors/chat.error';
import { ConfigurationError } from '../errors/configuration.error';
import { RateLimitError } from '../errors/rate-limit.error';

/** A request rate shared by every instance: at most `limit` requests per `windowMs`. */
export interface SharedRequestLimit {
  readonly counters: CounterStore;
  readonly limit: number;
  readonly windowMs: number;
}

/** Options of {@link SharedLimitProvider}. */
export interface SharedLimitOptions {
  /** Where a `Retry-After` seen by one instance holds back every instance (omit to not share it). */
  readonly holds?: HoldStore;
  /** A request rate limit counted across instances (omit for none). */
  readonly requests?: SharedRequestLimit;
  /** Key of this provider's hold and counter (default `<id>:<model>`). */
  readonly key?: string;
}

/**
 * A provider whose limits are shared by every instance of the app. Before each request it checks
 * the hold (a `Retry-After` that any instance received from this provider) and takes a slot of the
 * shared request rate; when either says no, the request fails at once with a `RateLimitError`
 * carrying `retryAfterSeconds` — no upstream call — so retry policies wait and routers fall back as
 * for a real 429. A 429 or 503 with `Retry-After` from upstream starts a hold for everyone.
 * When a store fails, requests go through (fail open) and the error is reported on `storeErrors$`.
 *
 * @example
 * const holds = new MemoryHoldStore(); // RedisHoldStore from chat-ts/redis across instances
 * const counters = new MemoryCounterStore(); // RedisCounterStore from chat-ts/redis
 * const shared = new SharedLimitProvider(provider, { holds, requests: { counters, limit: 500, windowMs: 60_000 } });
 * const chat = new ChatBuilder().withModel(shared).build();
 */
export class SharedLimitProvider implements ChatProvider {
  readonly id: string;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;
  readonly embeddingBatchSize?: number;
  readonly embeddingBatchTokens?: number;
  private readonly key: string;
  private readonly storeErrorSubject = new Subject<unknown>();
  /** Errors of the stores (requests went through meanwhile). */
  readonly storeErrors$: Observable<unknown> = this.storeErrorSubject.asObservable();

  constructor(
    private readonly inner: ChatProvider,
    private readonly options: SharedLimitOptions,
  ) {
    const limit = options.requests;
    if (limit && (!Number.isInteger(limit.limit) || limit.limit < 1 || !Number.isInteger(limit.windowMs) || limit.windowMs < 1)) {
      throw new ConfigurationError(`SharedLimitProvider: requests.limit and requests.windowMs must be whole numbers >= 1 (got ${String(limit.limit)}, ${String(limit.windowMs)})`, { provider: inner.id });
    }
    this.id = inner.id;
    this.model = inner.model;
    this.capabilities = inner.capabilities;
    if (inner.embeddingBatchSize !== undefined) this.embeddingBatchSize = inner.embeddingBatchSize;
    if (inner.embeddingBatchTokens !== undefined) this.embeddingBatchTokens = inner.embeddingBatchTokens;
    this.key = options.key ?? `${inner.id}:${inner.model}`;
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    await this.admit();
    return this.inner.complete(request).catch((error: unknown) => this.observe(error));
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return defer(() => this.admit()).pipe(
      switchMap(() => this.inner.stream(request)),
      catchError((error: unknown) => from(this.observe(error))),
    );
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    await this.admit();
    return this.inner.embed(request).catch((error: unknown) => this.observe(error));
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }

  /** Throws a `RateLimitError` while held or when the shared rate is used up. */
  private async admit(): Promise<void> {
    const { holds, requests } = this.options;
    if (holds) {
      const remaining = await this.safely(() => holds.remainingMs(this.key), 0);
      if (remaining > 0) {
        throw new RateLimitError(`${this.id} is held back for ${Math.ceil(remaining / 1000)} s by a Retry-After it sent to another request`, {
          provider: this.id,
          code: 'shared_retry_after_hold',
          retryAfterSeconds: remaining / 1000,
        });
      }
    }
    if (requests) {
      const slot = await this.safely(() => requests.counters.consume(`${this.key}:requests`, 1, requests.limit, requests.windowMs), undefined);
      if (slot && !slot.allowed) {
        throw new RateLimitError(`${this.id}: the shared limit of ${requests.limit} requests per ${requests.windowMs} ms is used up`, {
          provider: this.id,
          code: 'shared_rate_limit',
          retryAfterSeconds: slot.resetInMs / 1000,
        });
      }
    }
  }

  /** Starts a hold for everyone when upstream sent a Retry-After with a 429 or 503; rethrows. */
  private async observe(error: unknown): Promise<never> {
    const holds = this.options.holds;
    if (holds && ChatError.is(error) && (error.status === 429 || error.status === 503) && (error.retryAfterSeconds ?? 0) > 0) {
      await this.safely(() => holds.hold(this.key, (error.retryAfterSeconds as number) * 1000), undefined);
    }
    throw error;
  }

  private async safely<T>(call: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.storeErrorSubject.next(error);
      return fallback;
    }
  }
}
