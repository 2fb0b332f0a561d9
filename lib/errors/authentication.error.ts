import { ChatError } from './chat.error';

/** The key was missing, wrong or not allowed (401/403). */
export class AuthenticationError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
