import { ChatError } from './chat.error';

/** The provider does not support what was asked (e.g. embeddings on a chat-only provider). */
export class UnsupportedFeatureError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
