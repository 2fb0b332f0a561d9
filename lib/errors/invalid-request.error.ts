import { ChatError } from './chat.error';

/** The provider rejected the request as invalid (400, 404, 422): fix the request. */
export class InvalidRequestError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
