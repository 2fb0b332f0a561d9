/** Cuts a stream of text chunks into lines (without `\n`, `\r\n` tolerated). */
export class LineSplitter {
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const part of parts) this.onLine(part.endsWith('\r') ? part.slice(0, -1) : part);
  }

  /** Emits what is left after the last newline. */
  end(): void {
    if (this.rest) this.onLine(this.rest);
    this.rest = '';
  }
}
