import type { Observable } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embedding.types';
import type { ChatProvider, ProviderCapabilities, ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import type { NativeToolKind } from '../core/tool.types';
import { AbortedError } from '../errors/aborted.error';
import { CallbackError } from '../errors/callback.error';
import { ChatError } from '../errors/chat.error';
import { ConfigurationError } from '../errors/configuration.error';
import type { CircuitBreaker } from './circuit-breaker';
import { asChatError, FallbackPlan } from './fallback-plan';
import { routedStream } from './router-stream';
import type { RoutedProvider, RoutingRequest, RoutingStrategy, StreamFallbackMode } from './routing-strategy.types';

/** Configuration of {@link RouterProvider}. */
export interface RouterConfig {
  readonly providers: readonly RoutedProvider[];
  readonly strategy?: RoutingStrategy;
  readonly circuitBreaker?: CircuitBreaker;
  readonly streamFallback?: StreamFallbackMode;
  /** Which errors move the request to the next provider (default: `error.isRetryable`). */
  readonly fallbackIf?: (error: ChatError) => boolean;
}

function lastUserText(request: ProviderRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m.role === 'user') return m.parts.map((p) => (p.type === 'text' ? p.text : '')).join(' ');
  }
  return '';
}

/** What a strategy sees; the last user text is computed only when read. */
function routingRequest(kind: 'complete' | 'stream', request: ProviderRequest): RoutingRequest {
  let text: string | undefined;
  return {
    kind,
    request,
    get lastUserText() {
      return (text ??= lastUserText(request));
    },
  };
}

/**
 * A provider made of providers: tries them in the order its strategy gives, falls back on
 * retryable errors, returns non-retryable ones at once, skips open circuits; when every provider
 * failed, the error carries each one's. Build it with `RouterBuilder`; give it to
 * `ChatBuilder.withModel()` like any provider (each fallback repeats one model request, never a tool).
 */
export class RouterProvider implements ChatProvider {
  readonly id = 'router';
  readonly model: string;
  readonly capabilities: ProviderCapabilities;
  readonly embeddingBatchSize?: number;

  constructor(private readonly config: RouterConfig) {
    if (config.providers.length === 0) throw new ConfigurationError('A router needs at least one provider', { provider: 'router' });
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
    const sizes = config.providers.filter((p) => p.provider.capabilities.embeddings).map((p) => p.provider.embeddingBatchSize);
    const known = sizes.filter((s): s is number => s !== undefined);
    if (known.length > 0) this.embeddingBatchSize = Math.min(...known);
  }

  /** The registered providers. */
  get providers(): readonly RoutedProvider[] {
    return this.config.providers;
  }

  /** The circuit breaker, if any (its `events$` reports state changes). */
  get circuitBreaker(): CircuitBreaker | undefined {
    return this.config.circuitBreaker;
  }

  /** The providers a request may go to, in the strategy's order (circuits are checked when each one's turn comes). */
  async order(request: RoutingRequest): Promise<readonly RoutedProvider[]> {
    if (!this.config.strategy) return this.config.providers;
    try {
      return await this.config.strategy.route(this.config.providers, request);
    } catch (error) {
      if (ChatError.is(error)) throw error;
      throw new CallbackError(`The routing strategy threw: ${error instanceof Error ? error.message : String(error)}`, { provider: 'router', thrown: error, cause: error, callback: 'routingStrategy' });
    }
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const ordered = await this.order(routingRequest('complete', request));
    return this.tryInOrder(new FallbackPlan(ordered, this.config.circuitBreaker), request.signal, (p) => p.provider.complete(request));
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const ordered = await this.order({ kind: 'embed', embedding: request, lastUserText: request.texts.join('\n') });
    const able = ordered.filter((p) => p.provider.capabilities.embeddings);
    return this.tryInOrder(new FallbackPlan(able, this.config.circuitBreaker), request.signal, (p) => p.provider.embed(request));
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return routedStream(request, {
      order: () => (this.config.strategy ? this.order(routingRequest('stream', request)) : this.config.providers),
      breaker: this.config.circuitBreaker,
      mode: this.config.streamFallback ?? 'error',
      fallbackIf: this.fallbackIf,
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.config.providers.map((p) => p.provider.dispose?.()));
  }

  private readonly fallbackIf = (error: ChatError): boolean => {
    if (AbortedError.is(error)) return false;
    if (!this.config.fallbackIf) return error.isRetryable;
    try {
      return this.config.fallbackIf(error);
    } catch (thrown) {
      throw new CallbackError(`fallbackIf threw: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { provider: 'router', thrown, cause: error, callback: 'fallbackIf' });
    }
  };

  private async tryInOrder<T>(plan: FallbackPlan, signal: AbortSignal | undefined, call: (p: RoutedProvider) => Promise<T>): Promise<T> {
    for (let entry = await plan.next(); entry; entry = await plan.next()) {
      let result: T;
      try {
        result = await call(entry);
      } catch (raw) {
        const error = asChatError(raw, entry.name);
        await plan.settle(entry, error);
        if (signal?.aborted || !this.fallbackIf(error)) throw error;
        continue;
      }
      await plan.settle(entry);
      return result;
    }
    throw plan.finalError();
  }
}
