import { ChatError, type ChatErrorOptions } from './chat.error';

/** The request took longer than its timeout, or a stream sent no bytes for its idle timeout. */
export class TimeoutError extends ChatError {
  /** `request`: the whole-request timeout; `idle`: the stream idle timeout. */
  readonly kind: 'request' | 'idle';

  constructor(message: string, options: ChatErrorOptions & { kind?: 'request' | 'idle' } = {}) {
    super(message, options);
    this.kind = options.kind ?? 'request';
  }

  protected override defaultRetryable(): boolean {
    return true;
  }
}
