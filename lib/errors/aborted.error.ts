import { ChatError } from './chat.error';

/** The call was aborted by its caller (AbortSignal or unsubscribe). */
export class AbortedError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
