import { ChatError } from './chat.error';

/** The chat or provider is configured wrongly (e.g. a missing API key); raised at `build()`. */
export class ConfigurationError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
