import { ChatError } from './chat.error';

/** A user callback (hook, strategy, retry callback) threw; the original error, if any, is kept as `cause`. */
export class CallbackError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
