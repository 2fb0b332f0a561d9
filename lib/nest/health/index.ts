/**
 * The chats' providers as a `@nestjs/terminus` health indicator (`chat-ts/nest/health`), apart from
 * `chat-ts/nest` so that apps without terminus never load it.
 * @packageDocumentation
 */
export {
  ChatHealthIndicator,
} from './chat-health.indicator';
export type {
  ChatHealthCheckOptions,
  ChatHealthDetail,
} from './chat-health.indicator';
