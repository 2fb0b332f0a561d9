import { StringDecoder } from 'node:string_decoder';
import { LineScanner } from './line.scanner';

/**
 * Incremental newline-delimited JSON splitter (Ollama's native streams): emits each non-empty line
 * (trimmed) as text; the caller parses it so that a malformed line becomes its own typed error.
 * LF and CRLF line ends, split across chunks as they may be, and multi-byte UTF-8 characters
 * split across chunks. Linear time: each chunk is scanned once, however long its line.
 *
 * @example
 * const parser = new NdjsonParser((line) => handle(JSON.parse(line)));
 * res.on('data', (chunk) => parser.push(chunk)).on('end', () => parser.end());
 */
export class NdjsonParser {
  private readonly decoder = new StringDecoder('utf8');
  private readonly lines = new LineScanner((line) => {
    const trimmed = line.trim();
    if (trimmed) this.onLine(trimmed);
  });

  constructor(private readonly onLine: (line: string) => void) {}

  /** Feeds bytes (or already decoded text). */
  push(chunk: Buffer | string): void {
    this.lines.push(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** Emits a last line not followed by a newline. */
  end(): void {
    this.lines.push(this.decoder.end());
    this.lines.end();
  }
}
