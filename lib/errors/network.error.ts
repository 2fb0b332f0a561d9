import { ChatError } from './chat.error';

/** The connection failed or was reset (no complete HTTP response). */
export class NetworkError extends ChatError {
  protected override defaultRetryable(): boolean {
    return true;
  }
}
