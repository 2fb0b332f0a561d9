/**
 * chat-ts on Redis (ioredis, an optional peer dependency): state shared by every instance of an app —
 * circuit breakers, counters for rate limits and budgets, a provider's Retry-After hold.
 * @packageDocumentation
 */
export type {
  RedisClient,
  RedisStoreOptions,
} from './redis-options.types';
export {
  DEFAULT_REDIS_PREFIX,
} from './redis-options.types';
export {
  RedisCircuitStore,
} from './redis-circuit.store';
export type {
  RedisCircuitStoreOptions,
} from './redis-circuit.store';
export {
  RedisCounterStore,
} from './redis-counter.store';
export {
  RedisHoldStore,
} from './redis-hold.store';
export {
  RedisBudgetStore,
} from './redis-budget.store';
export {
  RedisConversationStore,
} from './redis-conversation.store';
export type {
  RedisConversationStoreOptions,
} from './redis-conversation.store';
export {
  RedisRunStreams,
} from './redis-run-streams';
export type {
  RedisRunStreamsOptions,
  RunResult,
  PublishOptions,
} from './redis-run-streams';
export type {
  RelayedEvent,
  RunEndEvent,
  RunOutcome,
} from './relayed-event.types';
export {
  sseFrame,
} from './sse-frame';
export {
  RedisRunCheckpoints,
} from './run-checkpoints';
export type {
  RedisRunCheckpointsOptions,
} from './run-checkpoints';
