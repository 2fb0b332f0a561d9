/**
 * Cuts a stream of text chunks into lines (without `\n`, `\r\n` tolerated), in linear time: each
 * chunk is scanned once and the open line's pieces are kept aside until its end arrives, so one
 * large result line (a base64 image from a tool) is not rescanned on every pipe read.
 */
export class LineSplitter {
  private pieces: string[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      let line = chunk.slice(start, nl);
      if (this.pieces.length > 0) {
        line = this.pieces.join('') + line;
        this.pieces = [];
      }
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = nl + 1;
    }
    if (start < chunk.length) this.pieces.push(start === 0 ? chunk : chunk.slice(start));
  }

  /** Emits what is left after the last newline. */
  end(): void {
    const rest = this.pieces.join('');
    this.pieces = [];
    if (rest) this.onLine(rest);
  }
}
