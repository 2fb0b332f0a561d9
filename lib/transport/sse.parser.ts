import { LineScanner } from './line.scanner';
import { Utf8Decoder } from './utf8.decoder';

const DATA = 0;
const EVENT = 1;
const ID = 2;
const OTHER = 3;

/** The field a line names before `colon`, matched in place (no string cut out per line). */
function fieldOf(line: string, colon: number): number {
  if (colon === 4) return line.startsWith('data') ? DATA : OTHER;
  if (colon === 5) return line.startsWith('event') ? EVENT : OTHER;
  if (colon === 2) return line.startsWith('id') ? ID : OTHER;
  return OTHER;
}

/** One server-sent event. `event` is the `event:` field (undefined when absent). */
export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
  readonly id?: string;
}

/**
 * Incremental server-sent-events parser (WHATWG rules) over raw bytes: LF, CRLF and CR line ends,
 * multi-line `data:`, `event:`/`id:` fields, comments, a leading byte-order mark, and chunk
 * boundaries that split a line, a CRLF pair or a multi-byte UTF-8 character. Linear time: each
 * chunk's bytes are scanned once, whatever the size of the event they belong to.
 *
 * `onEvent` is called with `target` as `this` (a stream reader passes one of its methods and
 * itself: no closure per stream).
 *
 * @example
 * const parser = new SseParser((e) => console.log(e.event, e.data));
 * res.on('data', (chunk) => parser.push(chunk)).on('end', () => parser.end());
 */
export class SseParser<This = unknown> {
  private readonly decoder = new Utf8Decoder();
  private readonly lines = new LineScanner<SseParser<This>>(SseParser.prototype.line, true, this);
  private started = false;
  /** The event's first `data:` line, then any further ones (an array only for multi-line data). */
  private data: string | undefined;
  private moreData: string[] | undefined;
  private event: string | undefined;
  private id: string | undefined;

  constructor(
    private readonly onEvent: (this: This, event: SseEvent) => void,
    private readonly target?: This,
  ) {}

  /** Feeds bytes (or already decoded text). */
  push(chunk: Buffer | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.lines.push(text);
  }

  /** Flushes a final event not followed by a blank line (lenient, as browsers are not). */
  end(): void {
    this.push(this.decoder.end());
    this.lines.end();
    this.dispatch();
  }

  private line(line: string): void {
    if (line.length === 0) return this.dispatch();
    const first = line.charCodeAt(0);
    if (first === 58 /* : */) return; // comment / keep-alive
    let colon = line.indexOf(':');
    if (colon === -1) colon = line.length;
    const field = fieldOf(line, colon);
    if (field === OTHER) return;
    const value = colon === line.length ? '' : line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    if (field === DATA) {
      if (this.data === undefined) this.data = value;
      else (this.moreData ??= []).push(value);
    } else if (field === EVENT) this.event = value;
    else this.id = value;
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
    this.onEvent.call(this.target as This, event);
  }
}
