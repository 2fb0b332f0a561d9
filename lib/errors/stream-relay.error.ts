import { ChatError } from './chat.error';

/**
 * The store that relays a run's events (a Redis Stream) failed: an event could not be appended or
 * read. The run was stopped; what was already appended stays readable. Retryable (the store may be back).
 */
export class StreamRelayError extends ChatError {
  protected override defaultRetryable(): boolean {
    return true;
  }
}
