export * from './retry-policy.types';
export * from './backoff.strategies';
export * from './retry.runner';
export { validateRetryPolicy } from './retry-policy.validation';
export * from './context-trim.strategy';
export * from './default-retry.policy';
