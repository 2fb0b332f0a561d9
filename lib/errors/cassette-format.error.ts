import { ConfigurationError } from './configuration.error';
import type { ChatErrorOptions } from './chat.error';

/**
 * A cassette file cannot be used: missing, not JSON, not a chat-ts cassette, or of a format version
 * this chat-ts does not read. `source` names the file (or `<inline>`).
 *
 * @example
 * try { readCassetteFile('cassettes/missing.cassette.json'); }
 * catch (e) { if (e instanceof CassetteFormatError) console.error(e.source, e.message); }
 */
export class CassetteFormatError extends ConfigurationError {
  /** The file (or `<inline>`) that could not be read. */
  readonly source: string;

  constructor(message: string, options: ChatErrorOptions & { source: string }) {
    super(message, options);
    this.source = options.source;
  }
}
