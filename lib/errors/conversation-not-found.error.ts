import { ChatError } from './chat.error';

/** No conversation is stored under this id (never saved, deleted, or expired). */
export class ConversationNotFoundError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
