import { ChatError } from './chat.error';

/**
 * The provider's answer could not be understood: non-JSON, truncated, empty, of an unexpected
 * shape, or a stream that ended before its last event. Not retryable by default: the answer
 * arrived (and was billed), so sending the request again would pay for it twice.
 */
export class InvalidResponseError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
