import { StringDecoder } from 'node:string_decoder';

/** One server-sent event. `event` is the `event:` field (undefined when absent). */
export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
  readonly id?: string;
}

/**
 * Incremental server-sent-events parser (WHATWG rules) over raw bytes: LF, CRLF and CR line ends,
 * multi-line `data:`, `event:`/`id:` fields, comments, and chunk boundaries that split a line or a
 * multi-byte UTF-8 character. Works on strings, with no per-chunk stream pipeline.
 *
 * @example
 * const parser = new SseParser((e) => console.log(e.event, e.data));
 * res.on('data', (chunk) => parser.push(chunk)).on('end', () => parser.end());
 */
export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  /** The event's first `data:` line, then any further ones (an array only for multi-line data). */
  private data: string | undefined;
  private moreData: string[] | undefined;
  private event: string | undefined;
  private id: string | undefined;
  private sawCR = false;

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  /** Feeds bytes (or already decoded text). */
  push(chunk: Buffer | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.sawCR) {
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      this.sawCR = false;
    }
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    this.drain();
  }

  /** Flushes a final event not followed by a blank line (lenient, as browsers are not). */
  end(): void {
    this.buffer += this.decoder.end();
    this.drain();
    if (this.buffer.length > 0) {
      this.line(this.buffer);
      this.buffer = '';
    }
    this.dispatch();
  }

  private drain(): void {
    const buf = this.buffer;
    let start = 0;
    const n = buf.length;
    // most servers end lines with LF only: then the native indexOf finds them
    const lfOnly = buf.indexOf('\r') === -1;
    while (start < n) {
      let i: number;
      let c = 10;
      if (lfOnly) {
        i = buf.indexOf('\n', start);
        if (i === -1) break;
      } else {
        i = start;
        while (i < n) {
          c = buf.charCodeAt(i);
          if (c === 10 || c === 13) break;
          i++;
        }
        if (i >= n) break;
      }
      this.line(buf.slice(start, i));
      if (c === 13) {
        if (i + 1 < n) {
          if (buf.charCodeAt(i + 1) === 10) i++;
        } else {
          this.sawCR = true;
        }
      }
      start = i + 1;
    }
    this.buffer = start === 0 ? buf : buf.slice(start);
  }

  private line(line: string): void {
    if (line.length === 0) return this.dispatch();
    const first = line.charCodeAt(0);
    if (first === 58 /* : */) return; // comment / keep-alive
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    if (field === 'data') {
      if (this.data === undefined) this.data = value;
      else (this.moreData ??= []).push(value);
    }
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }

  private dispatch(): void {
    if (this.data === undefined) {
      this.event = undefined;
      return;
    }
    const data = this.moreData ? [this.data, ...this.moreData].join('\n') : this.data;
    const event: SseEvent = this.id === undefined ? { event: this.event, data } : { event: this.event, data, id: this.id };
    this.data = undefined;
    this.moreData = undefined;
    this.event = undefined;
    this.onEvent(event);
  }
}
