/** The router: a provider made of providers, routing strategies and a circuit breaker. @packageDocumentation */
export type {
  RoutedProvider,
  RoutingRequest,
  RoutingStrategy,
  StreamFallbackMode,
} from './routing-strategy.types';
export {
  RouterBuilder,
} from './router.builder';
export type {
  RouteOptions,
} from './router.builder';
export {
  RouterProvider,
} from './router.provider';
export type {
  RouterConfig,
} from './router.provider';
export type {
  RoutedStreamOptions,
} from './router-stream';
export {
  FallbackPlan,
} from './fallback-plan';
export {
  CircuitBreaker,
} from './circuit-breaker';
export type {
  CircuitBreakerOptions,
  CircuitEvent,
  CircuitState,
} from './circuit-breaker';
export type {
  CircuitOutcome,
  CircuitPolicy,
  CircuitStore,
} from './circuit-store.types';
export {
  MemoryCircuitStore,
} from './memory-circuit.store';
export {
  CapabilityStrategy,
  EmbeddingStrategy,
  KeywordStrategy,
} from './strategies';
export type {
  EmbeddingRoute,
  EmbeddingStrategyOptions,
  KeywordRule,
} from './strategies';
export {
  SharedLimitProvider,
} from './shared-limit.provider';
export type {
  SharedLimitOptions,
  SharedRequestLimit,
} from './shared-limit.provider';
