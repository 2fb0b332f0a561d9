import { ChatError, type ChatErrorOptions } from './chat.error';

/** Options of {@link CallbackError}. */
export interface CallbackErrorOptions extends ChatErrorOptions {
  /** Which callback threw, e.g. `beforeRequest`, `afterResponse`, `onRetry`. */
  readonly callback?: string;
  /** What the callback threw (kept apart from `cause`, which holds the original error when there was one). */
  readonly thrown?: unknown;
}

/**
 * A user callback (hook, strategy, retry callback) threw. The original error, if any, is kept as
 * `cause` (never swallowed); what the callback itself threw is `thrown`.
 *
 * @example
 * catch (e) { if (e instanceof CallbackError) console.error(e.callback, e.thrown, e.cause); }
 */
export class CallbackError extends ChatError {
  readonly callback?: string;
  declare readonly thrown?: unknown;

  constructor(message: string, options: CallbackErrorOptions = {}) {
    super(message, options);
    this.callback = options.callback;
    if (options.thrown !== undefined) Object.defineProperty(this, 'thrown', { value: options.thrown, enumerable: false, configurable: true, writable: true });
  }

  protected override defaultRetryable(): boolean {
    return false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), callback: this.callback };
  }
}
