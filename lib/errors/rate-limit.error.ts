import { ChatError } from './chat.error';

/**
 * Too many requests (429). `retryAfterSeconds` (on every `ChatError`) comes from `Retry-After`
 * (seconds or HTTP date) or the body.
 */
export class RateLimitError extends ChatError {
  protected override defaultRetryable(): boolean {
    return true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterSeconds: this.retryAfterSeconds };
  }
}
