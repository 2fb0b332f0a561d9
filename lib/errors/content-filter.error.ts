import { ChatError, type ChatErrorOptions } from './chat.error';

/** Options of a {@link ContentFilterError}: the common ones plus the categories that filtered. */
export interface ContentFilterErrorOptions extends ChatErrorOptions {
  /** The provider's filter categories that blocked the content, e.g. `['violence', 'jailbreak']` (Azure). */
  readonly categories?: readonly string[];
}

/**
 * The provider refused or filtered the request or the answer (safety, blocked prompt).
 * `categories` names the filters that fired when the provider says (Azure's content filter results);
 * `details` keeps the provider's full filter report.
 *
 * @example
 * catch (e) { if (ContentFilterError.is(e)) console.warn(`blocked by: ${e.categories.join(', ')}`); }
 */
export class ContentFilterError extends ChatError {
  /** Filter categories that blocked the content (empty when the provider does not say). */
  readonly categories: readonly string[];

  constructor(message: string, options: ContentFilterErrorOptions = {}) {
    super(message, options);
    this.categories = [...(options.categories ?? [])];
  }

  protected override defaultRetryable(): boolean {
    return false;
  }
}
