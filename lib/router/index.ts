/** The router: a provider made of providers, routing strategies and a circuit breaker. @packageDocumentation */
export * from './routing-strategy.types';
export * from './router.builder';
export * from './router.provider';
export * from './router-stream';
export * from './fallback-plan';
export * from './circuit-breaker';
export * from './stream-resume';
export * from './strategies';
