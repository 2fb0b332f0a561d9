import { LineScanner } from './line.scanner';
import { Utf8Decoder } from './utf8.decoder';

/**
 * Incremental newline-delimited JSON splitter (Ollama's native streams): emits each non-empty line
 * (trimmed) as text; the caller parses it so that a malformed line becomes its own typed error.
 * LF and CRLF line ends, split across chunks as they may be, and multi-byte UTF-8 characters
 * split across chunks. Linear time: each chunk is scanned once, however long its line.
 * `onLine` is called with `target` as `this` (no closure per stream).
 *
 * @example
 * const parser = new NdjsonParser((line) => handle(JSON.parse(line)));
 * res.on('data', (chunk) => parser.push(chunk)).on('end', () => parser.end());
 */
export class NdjsonParser<This = unknown> {
  private readonly decoder = new Utf8Decoder();
  private readonly lines = new LineScanner<NdjsonParser<This>>(NdjsonParser.prototype.line, false, this);

  constructor(
    private readonly onLine: (this: This, line: string) => void,
    private readonly target?: This,
  ) {}

  /** Feeds bytes (or already decoded text). */
  push(chunk: Buffer | string): void {
    this.lines.push(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** Emits a last line not followed by a newline. */
  end(): void {
    this.lines.push(this.decoder.end());
    this.lines.end();
  }

  private line(line: string): void {
    const trimmed = line.trim();
    if (trimmed) this.onLine.call(this.target as This, trimmed);
  }
}
