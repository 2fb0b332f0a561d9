import { ChatError } from './chat.error';

/** The provider answered 5xx. */
export class ServerError extends ChatError {
  protected override defaultRetryable(): boolean {
    return true;
  }
}
