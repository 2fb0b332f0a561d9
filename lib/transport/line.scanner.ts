/**
 * Cuts decoded text chunks into lines in linear time: each chunk is scanned once, and the piece of
 * a line still open at a chunk's end is kept aside (never rescanned) until its end arrives, so one
 * 40 MB line costs one pass over its bytes however many chunks carry it. Line ends are LF and
 * CRLF, plus a lone CR with `crIsLineEnd` (server-sent events); a CRLF pair split across two
 * chunks is one line end. Lines are emitted without their line end.
 *
 * @example
 * const scanner = new LineScanner((line) => lines.push(line), true);
 * scanner.push('data: a\r'); scanner.push('\ndata: b\n'); scanner.end(); // ['data: a', 'data: b']
 */
export class LineScanner {
  /** Pieces of the line still open (usually none or one). */
  private pieces: string[] = [];
  /** The last chunk ended with CR: an LF opening the next one belongs to that line end. */
  private sawCR = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly crIsLineEnd = false,
  ) {}

  /** Feeds decoded text. */
  push(text: string): void {
    const n = text.length;
    if (n === 0) return;
    let start = 0;
    if (this.sawCR) {
      this.sawCR = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    // positions of the next LF and the next CR at or after `start` (n when none is left)
    let lf = this.next(text, 10, start);
    let cr = this.crIsLineEnd ? this.next(text, 13, start) : n;
    while (start < n) {
      if (lf < start) lf = this.next(text, 10, start);
      if (cr < start) cr = this.next(text, 13, start);
      const end = lf < cr ? lf : cr;
      if (end >= n) break;
      this.emit(text, start, end);
      if (end === cr) {
        if (end + 1 === n) this.sawCR = true;
        else if (text.charCodeAt(end + 1) === 10) {
          start = end + 2;
          continue;
        }
      }
      start = end + 1;
    }
    if (start < n) this.pieces.push(start === 0 ? text : text.slice(start));
  }

  /** Emits the last line when the text did not end with a line end. */
  end(): void {
    this.sawCR = false;
    if (this.pieces.length === 0) return;
    const line = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    this.pieces = [];
    this.onLine(line);
  }

  private next(text: string, code: 10 | 13, from: number): number {
    const at = text.indexOf(code === 10 ? '\n' : '\r', from);
    return at === -1 ? text.length : at;
  }

  private emit(text: string, start: number, end: number): void {
    let line = text.slice(start, end);
    if (this.pieces.length > 0) {
      line = this.pieces.length === 1 ? this.pieces[0] + line : this.pieces.join('') + line;
      this.pieces = [];
    }
    // without CR as a line end, a CRLF's CR is still not part of the line
    if (!this.crIsLineEnd && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    this.onLine(line);
  }
}
