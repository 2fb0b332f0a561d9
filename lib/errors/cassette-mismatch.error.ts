import { ChatError } from './chat.error';
import type { ChatErrorOptions } from './chat.error';

/**
 * A replayed request matched no recorded one in the cassettes. The message holds the request, the
 * nearest recorded request and what differs; the emulator also answered the request itself with
 * this text (HTTP 400, type `cassette_mismatch`). Raised by `CassettePlayer.assertAllMatched()`
 * and `useCassette()`.
 *
 * @example
 * try { player.assertAllMatched(); }
 * catch (e) { if (e instanceof CassetteMismatchError) console.error(e.message); }
 */
export class CassetteMismatchError extends ChatError {
  /** How many requests found no recording. */
  readonly misses: number;

  constructor(message: string, options: ChatErrorOptions & { misses: number }) {
    super(message, { ...options, code: 'cassette_mismatch' });
    this.misses = options.misses;
  }

  protected override defaultRetryable(): boolean {
    return false;
  }
}
