import type { ChatProvider } from '../core/provider.types';
import type { ChatError } from '../errors/chat.error';
import { ConfigurationError } from '../errors/configuration.error';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import { RouterProvider } from './router.provider';
import type { RoutedProvider, RoutingStrategy, StreamFallbackMode } from './routing-strategy.types';

/** How a provider is registered on a router. */
export interface RouteOptions {
  /** The name strategies, events and errors use (default: `provider.id`, made unique with a suffix). */
  readonly name?: string;
  /** What this provider is good at (the embedding strategy may use it). */
  readonly description?: string;
}

/**
 * Builds a {@link RouterProvider}. `build()` compiles only after at least one `addProvider()`.
 *
 * @example
 * const router = new RouterBuilder()
 *   .addProvider(claude, { name: 'claude' })
 *   .addProvider(gemini, { name: 'gemini' })
 *   .withStrategy(new KeywordStrategy([{ match: ['image'], provider: 'gemini' }]))
 *   .withCircuitBreaker({ failureThreshold: 3, recoveryTimeMs: 30_000 })
 *   .withStreamFallback('restart')
 *   .build();
 * const chat = new ChatBuilder().withModel(router).build();
 */
export class RouterBuilder<HasProvider extends boolean = false> {
  /** Compile-time state only; never set. */
  declare readonly __hasProvider?: HasProvider;
  private readonly providers: RoutedProvider[] = [];
  private strategy?: RoutingStrategy;
  private breaker?: CircuitBreaker;
  private streamFallback: StreamFallbackMode = 'error';
  private fallbackIf?: (error: ChatError) => boolean;

  /** Adds a provider, tried after those added before it (unless a strategy orders them). */
  addProvider(provider: ChatProvider, options: RouteOptions = {}): RouterBuilder<true> {
    if (!provider || typeof provider.complete !== 'function') throw new ConfigurationError('addProvider() needs a ChatProvider', { provider: 'router' });
    let name = options.name ?? provider.id;
    if (this.providers.some((p) => p.name === name)) {
      if (options.name) throw new ConfigurationError(`Router already has a provider named "${name}"`, { provider: 'router' });
      let n = 2;
      while (this.providers.some((p) => p.name === `${name}-${n}`)) n++;
      name = `${name}-${n}`;
    }
    this.providers.push({ name, provider, ...(options.description !== undefined ? { description: options.description } : {}) });
    return this as unknown as RouterBuilder<true>;
  }

  /** Orders or filters providers per request (default: in the order added). */
  withStrategy(strategy: RoutingStrategy): this {
    this.strategy = strategy;
    return this;
  }

  /** Skips failing providers for a while (a `CircuitBreaker` instance, or its options). */
  withCircuitBreaker(breaker: CircuitBreaker | CircuitBreakerOptions = {}): this {
    this.breaker = breaker instanceof CircuitBreaker ? breaker : new CircuitBreaker(breaker);
    return this;
  }

  /** What a stream does when its provider fails after events reached the subscriber (default `error`). */
  withStreamFallback(mode: StreamFallbackMode): this {
    if (mode !== 'error' && mode !== 'restart' && mode !== 'resume') throw new ConfigurationError(`Unknown stream fallback mode "${String(mode)}"`, { provider: 'router' });
    this.streamFallback = mode;
    return this;
  }

  /** Which errors move a request to the next provider (default: retryable ones; aborts never do). */
  withFallbackIf(predicate: (error: ChatError) => boolean): this {
    this.fallbackIf = predicate;
    return this;
  }

  /** The router: a `ChatProvider`. The strategy checks itself against the providers first (`RoutingStrategy.validate`). */
  build(this: RouterBuilder<true>): RouterProvider {
    const providers = [...this.providers];
    this.strategy?.validate?.(providers);
    return new RouterProvider({
      providers,
      strategy: this.strategy,
      circuitBreaker: this.breaker,
      streamFallback: this.streamFallback,
      fallbackIf: this.fallbackIf,
    });
  }
}
