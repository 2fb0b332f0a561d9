export * from './routing-strategy.types';
export * from './router.builder';
export * from './router.provider';
export * from './circuit-breaker';
export * from './stream-resume';
export * from './strategies';
