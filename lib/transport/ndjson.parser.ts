import { StringDecoder } from 'node:string_decoder';

/**
 * Incremental newline-delimited JSON splitter (Ollama's native streams): emits each non-empty line
 * as text; the caller parses it so that a malformed line becomes its own typed error.
 */
export class NdjsonParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line) this.onLine(line);
    }
  }

  end(): void {
    this.buffer += this.decoder.end();
    const line = this.buffer.trim();
    this.buffer = '';
    if (line) this.onLine(line);
  }
}
