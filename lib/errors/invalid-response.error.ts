import { ChatError } from './chat.error';

/** The provider's answer could not be understood: non-JSON, truncated, empty, or of an unexpected shape. */
export class InvalidResponseError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
