import { ChatError } from './chat.error';

/** The account's quota or credit is exhausted (e.g. OpenAI `insufficient_quota`): a 429 that retrying cannot fix. */
export class QuotaExceededError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
