import { Observable, type Subscription } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embedding.types';
import type { ChatProvider, ProviderCapabilities, ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { NativeToolKind } from '../core/tool.types';
import { AllProvidersFailedError } from '../errors/all-providers-failed.error';
import { ChatError } from '../errors/chat.error';
import { InvalidResponseError } from '../errors/invalid-response.error';
import type { CircuitBreaker } from './circuit-breaker';
import type { RoutedProvider, RoutingRequest, RoutingStrategy } from './routing-strategy.types';
import { resumeRequest, mergeResumed } from './stream-resume';

/**
 * What the stream router does when a provider fails after events already reached the subscriber.
 * - `error` (default): surface the typed error.
 * - `restart`: emit `provider-fallback` and start the turn over on the next provider (discard the partial text shown).
 * - `resume`: emit `provider-fallback` and let the next provider continue after the text already delivered.
 */
export type StreamFallbackMode = 'error' | 'restart' | 'resume';

/** Configuration of {@link RouterProvider}. */
export interface RouterConfig {
  readonly providers: readonly RoutedProvider[];
  readonly strategy?: RoutingStrategy;
  readonly circuitBreaker?: CircuitBreaker;
  readonly streamFallback?: StreamFallbackMode;
}

function asChatError(error: unknown, provider: string): ChatError {
  return error instanceof ChatError
    ? error
    : new InvalidResponseError(`${provider} failed: ${(error as Error)?.message ?? String(error)}`, { provider, cause: error });
}

function lastUserText(request: ProviderRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m.role === 'user') return m.parts.map((p) => (p.type === 'text' ? p.text : '')).join(' ');
  }
  return '';
}

/**
 * A provider made of providers: tries them in the order its strategy gives, falls back on
 * retryable errors, returns non-retryable ones at once, skips open circuits. Build it with
 * `RouterBuilder`; give it to `ChatBuilder.withModel()` like any provider.
 */
export class RouterProvider implements ChatProvider {
  readonly id = 'router';
  readonly model: string;
  readonly capabilities: ProviderCapabilities;

  constructor(private readonly config: RouterConfig) {
    if (config.providers.length === 0) throw new ChatError('A router needs at least one provider', { provider: 'router' });
    this.model = config.providers[0].provider.model;
    const caps = config.providers.map((p) => p.provider.capabilities);
    this.capabilities = {
      tools: caps.some((c) => c.tools),
      structuredOutput: caps.some((c) => c.structuredOutput),
      streaming: caps.some((c) => c.streaming),
      embeddings: caps.some((c) => c.embeddings),
      vision: caps.some((c) => c.vision),
      nativeTools: [...new Set(caps.flatMap((c) => c.nativeTools as NativeToolKind[]))],
    };
  }

  /** The registered providers. */
  get providers(): readonly RoutedProvider[] {
    return this.config.providers;
  }

  /** The providers to try for a request, in order: strategy order, open circuits skipped (the longest-open one kept as a last resort). */
  async plan(request: RoutingRequest): Promise<RoutedProvider[]> {
    const ordered = this.config.strategy ? [...(await this.config.strategy.route(this.config.providers, request))] : [...this.config.providers];
    const breaker = this.config.circuitBreaker;
    if (!breaker || ordered.length === 0) return ordered;
    const allowed = ordered.filter((p) => breaker.tryAcquire(p.name));
    if (allowed.length > 0) return allowed;
    const longest = ordered.reduce((a, b) => (breaker.openSince(b.name) < breaker.openSince(a.name) ? b : a));
    breaker.forceAcquire(longest.name);
    return [longest];
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const plan = await this.plan({ kind: 'complete', request, lastUserText: lastUserText(request) });
    return this.tryInOrder(plan, (p) => p.provider.complete(request));
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const plan = await this.plan({ kind: 'embed', embedding: request, lastUserText: request.texts.join('\n') });
    return this.tryInOrder(
      plan.filter((p) => p.provider.capabilities.embeddings),
      (p) => p.provider.embed(request),
    );
  }

  get embeddingBatchSize(): number | undefined {
    const sizes = this.config.providers.map((p) => p.provider.embeddingBatchSize).filter((s): s is number => s !== undefined);
    return sizes.length ? Math.min(...sizes) : undefined;
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return new Observable<ModelStreamEvent>((subscriber) => {
      const failures: Array<{ provider: string; error: ChatError }> = [];
      const breaker = this.config.circuitBreaker;
      const mode = this.config.streamFallback ?? 'error';
      let current: Subscription | undefined;
      let closed = false;

      const run = (plan: RoutedProvider[], index: number, req: ProviderRequest, delivered: string, emitted: boolean): void => {
        const entry = plan[index];
        if (!entry) return subscriber.error(new AllProvidersFailedError(failures));
        let text = '';
        let sent = emitted;
        current = entry.provider.stream(req).subscribe({
          next: (event) => {
            if (event.type === 'step-finish') {
              breaker?.recordSuccess(entry.name);
              subscriber.next(delivered ? { type: 'step-finish', response: mergeResumed(delivered, event.response) } : event);
              return;
            }
            if (event.type === 'text-delta') text += event.delta;
            sent = true;
            subscriber.next(event);
          },
          error: (raw: unknown) => {
            const error = asChatError(raw, entry.name);
            breaker?.recordFailure(entry.name);
            failures.push({ provider: entry.name, error });
            if (closed) return;
            const next = plan[index + 1];
            if (!error.isRetryable) return subscriber.error(error);
            if (!next) return subscriber.error(failures.length > 1 ? new AllProvidersFailedError(failures) : error);
            if (!sent) return run(plan, index + 1, req, delivered, false);
            if (mode === 'error') return subscriber.error(error);
            subscriber.next({ type: 'provider-fallback', from: entry.name, to: next.name, error, mode: mode === 'resume' ? 'resume' : 'restart' });
            if (mode === 'restart') return run(plan, index + 1, request, '', true);
            const soFar = delivered + text;
            return run(plan, index + 1, resumeRequest(request, soFar), soFar, true);
          },
          complete: () => subscriber.complete(),
        });
      };

      this.plan({ kind: 'stream', request, lastUserText: lastUserText(request) }).then(
        (plan) => {
          if (closed) return;
          if (plan.length === 0) return subscriber.error(new AllProvidersFailedError([]));
          run(plan, 0, request, '', false);
        },
        (error: unknown) => subscriber.error(asChatError(error, 'router')),
      );
      return () => {
        closed = true;
        current?.unsubscribe();
      };
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.config.providers.map((p) => p.provider.dispose?.()));
  }

  private async tryInOrder<T>(plan: readonly RoutedProvider[], call: (p: RoutedProvider) => Promise<T>): Promise<T> {
    const failures: Array<{ provider: string; error: ChatError }> = [];
    const breaker = this.config.circuitBreaker;
    for (const entry of plan) {
      try {
        const result = await call(entry);
        breaker?.recordSuccess(entry.name);
        return result;
      } catch (raw) {
        const error = asChatError(raw, entry.name);
        breaker?.recordFailure(entry.name);
        failures.push({ provider: entry.name, error });
        if (!error.isRetryable) throw error;
      }
    }
    throw failures.length === 1 ? failures[0].error : new AllProvidersFailedError(failures);
  }
}
