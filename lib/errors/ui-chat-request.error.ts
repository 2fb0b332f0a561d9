import { ChatError } from './chat.error';

/**
 * The body a UI chat client (`useChat`, `DefaultChatTransport`) posted is not one chat-ts can
 * answer: not JSON of the expected shape, or no new user text and no approval decision in it.
 */
export class UIChatRequestError extends ChatError {
  protected override defaultRetryable(): boolean {
    return false;
  }
}
