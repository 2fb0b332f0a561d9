export * from './retry-policy.types';
export * from './backoff.strategies';
export * from './retry.runner';
export * from './context-trim.strategy';
