import { ChatError, type ChatErrorOptions } from './chat.error';

/** Too many requests (429). `retryAfterSeconds` comes from `Retry-After` (seconds or HTTP date) or the body. */
export class RateLimitError extends ChatError {
  readonly retryAfterSeconds?: number;

  constructor(message: string, options: ChatErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  protected override defaultRetryable(): boolean {
    return true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterSeconds: this.retryAfterSeconds };
  }
}
