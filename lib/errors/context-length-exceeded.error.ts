import { ChatError } from './chat.error';

/** The conversation is longer than the model's context window. */
export class ContextLengthExceededError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
