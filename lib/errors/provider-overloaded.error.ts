import { ChatError } from './chat.error';

/** The provider is temporarily overloaded (e.g. Anthropic 529, Gemini UNAVAILABLE). */
export class ProviderOverloadedError extends ChatError {
  protected override defaultRetryable(): boolean {
    return true;
  }
}
