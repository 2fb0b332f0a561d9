import { ChatError, type ChatErrorOptions } from './chat.error';

/**
 * The engine tried to move a turn between two states that do not follow each other (for example
 * from `done` back to `streaming`). It means a bug in the engine or in a wrapper around it, never a
 * problem of the provider or the conversation, so it is not retryable.
 *
 * @example
 * try { machine.to('streaming'); }
 * catch (e) { if (IllegalTurnTransitionError.is(e)) console.error(e.from, '->', e.to); }
 */
export class IllegalTurnTransitionError extends ChatError {
  /** The state the turn was in. */
  readonly from: string;
  /** The state it was asked to move to. */
  readonly to: string;

  constructor(from: string, to: string, options: ChatErrorOptions = {}) {
    super(`A turn cannot move from "${from}" to "${to}"`, options);
    this.from = from;
    this.to = to;
  }

  protected override defaultRetryable(): boolean {
    return false;
  }
}
