import type { ChatProvider } from '../core/provider.types';
import { ConfigurationError } from '../errors/configuration.error';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import { RouterProvider, type StreamFallbackMode } from './router.provider';
import type { RoutedProvider, RoutingStrategy } from './routing-strategy.types';

/**
 * Builds a {@link RouterProvider}. `build()` compiles only after at least one `addProvider()`.
 *
 * @example
 * const router = new RouterBuilder()
 *   .addProvider(claude, { name: 'claude' })
 *   .addProvider(gemini, { name: 'gemini' })
 *   .withStrategy(new KeywordStrategy([{ match: ['image'], provider: 'gemini' }]))
 *   .withCircuitBreaker({ failureThreshold: 3, recoveryTimeMs: 30_000 })
 *   .build();
 * const chat = new ChatBuilder().withModel(router).build();
 */
export class RouterBuilder<HasProvider extends boolean = false> {
  private readonly providers: RoutedProvider[] = [];
  private strategy?: RoutingStrategy;
  private breaker?: CircuitBreaker;
  private streamFallback: StreamFallbackMode = 'error';

  /** Adds a provider; its name defaults to `provider.id` (made unique with a suffix). */
  addProvider(provider: ChatProvider, options: { name?: string; description?: string } = {}): RouterBuilder<true> {
    let name = options.name ?? provider.id;
    if (this.providers.some((p) => p.name === name)) {
      if (options.name) throw new ConfigurationError(`Router already has a provider named "${name}"`, { provider: 'router' });
      let n = 2;
      while (this.providers.some((p) => p.name === `${name}-${n}`)) n++;
      name = `${name}-${n}`;
    }
    this.providers.push({ name, provider, description: options.description });
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
    this.streamFallback = mode;
    return this;
  }

  build(this: RouterBuilder<true>): RouterProvider {
    return new RouterProvider({
      providers: [...this.providers],
      strategy: this.strategy,
      circuitBreaker: this.breaker,
      streamFallback: this.streamFallback,
    });
  }
}
