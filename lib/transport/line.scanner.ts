/**
 * Cuts decoded text chunks into lines in linear time: each chunk is scanned once, and the piece of
 * a line still open at a chunk's end is kept aside (never rescanned) until its end arrives, so one
 * 40 MB line costs one pass over its bytes however many chunks carry it. Line ends are LF and
 * CRLF, plus a lone CR with `crIsLineEnd` (server-sent events); a CRLF pair split across two
 * chunks is one line end. Lines are emitted without their line end.
 *
 * `onLine` is called with `target` as `this`: a parser passes one of its methods and itself, so
 * that a stream costs no closure and every stream calls the same function.
 *
 * @example
 * const scanner = new LineScanner((line) => lines.push(line), true);
 * scanner.push('data: a\r'); scanner.push('\ndata: b\n'); scanner.end(); // ['data: a', 'data: b']
 */
export class LineScanner<This = unknown> {
  /** The line still open: its one piece, or its pieces when several chunks carry it. */
  private open: string | string[] | undefined;
  /** The last chunk ended with CR: an LF opening the next one belongs to that line end. */
  private sawCR = false;

  constructor(
    private readonly onLine: (this: This, line: string) => void,
    private readonly crIsLineEnd = false,
    private readonly target?: This,
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
    let lf = next(text, '\n', start);
    let cr = this.crIsLineEnd ? next(text, '\r', start) : n;
    while (start < n) {
      if (lf < start) lf = next(text, '\n', start);
      if (cr < start) cr = next(text, '\r', start);
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
    if (start < n) this.keep(start === 0 ? text : text.slice(start));
  }

  /** Emits the last line when the text did not end with a line end. */
  end(): void {
    this.sawCR = false;
    const open = this.open;
    if (open === undefined) return;
    this.open = undefined;
    this.onLine.call(this.target as This, typeof open === 'string' ? open : open.join(''));
  }

  private keep(piece: string): void {
    const open = this.open;
    if (open === undefined) this.open = piece;
    else if (typeof open === 'string') this.open = [open, piece];
    else open.push(piece);
  }

  private emit(text: string, start: number, end: number): void {
    let line = text.slice(start, end);
    const open = this.open;
    if (open !== undefined) {
      line = typeof open === 'string' ? open + line : open.join('') + line;
      this.open = undefined;
    }
    // without CR as a line end, a CRLF's CR is still not part of the line
    if (!this.crIsLineEnd && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    this.onLine.call(this.target as This, line);
  }
}

/** Index of the next `char` at or after `from`, or the text's length when there is none. */
function next(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? text.length : at;
}
