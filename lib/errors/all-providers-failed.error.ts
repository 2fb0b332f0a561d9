import { ChatError, type ChatErrorOptions } from './chat.error';

/** Every provider of a router failed; `errors` holds each provider's error, in the order tried. */
export class AllProvidersFailedError extends ChatError {
  readonly errors: ReadonlyArray<{ readonly provider: string; readonly error: ChatError }>;

  constructor(errors: ReadonlyArray<{ readonly provider: string; readonly error: ChatError }>, options: ChatErrorOptions = {}) {
    super(
      `All providers failed: ${errors.map((e) => `${e.provider}: ${e.error.message}`).join('; ') || 'no provider could take the request'}`,
      { provider: 'router', retryable: errors.some((e) => e.error.isRetryable), ...options },
    );
    this.errors = errors;
  }
}
