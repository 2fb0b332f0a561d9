import { ChatError } from './chat.error';

/** Two runs on the same conversation at once: a conversation takes one turn at a time. */
export class ConcurrentRunError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
