import { ChatError } from './chat.error';

/**
 * A stored conversation changed under you: another instance saved it first (its version moved), or
 * there is nothing left to do (nothing to resume). Reload it and decide again; never retried blindly.
 */
export class ConversationConflictError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
