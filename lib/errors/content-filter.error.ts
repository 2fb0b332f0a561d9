import { ChatError } from './chat.error';

/** The provider refused or filtered the request or the answer (safety, blocked prompt). */
export class ContentFilterError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
