import type { JsonObject, JsonValue } from '../core/json.types';

/** What {@link parsePartialJson} makes of a prefix of a JSON text. */
export interface PartialJson {
  /** The value parsed so far (`undefined` when nothing usable was found). */
  readonly value: JsonValue | undefined;
  /** True when the text held one whole JSON value. */
  readonly complete: boolean;
}

const INCOMPLETE = Symbol('incomplete');
type Parsed = JsonValue | typeof INCOMPLETE;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos];
  }
  skipSpace(): void {
    while (!this.done && /\s/.test(this.text[this.pos])) this.pos++;
  }
}

class Malformed extends Error {}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function parseString(c: Cursor): { value: string; closed: boolean } {
  c.pos++; // opening quote
  let out = '';
  while (!c.done) {
    const ch = c.text[c.pos];
    if (ch === '"') {
      c.pos++;
      return { value: out, closed: true };
    }
    if (ch === '\\') {
      const next = c.text[c.pos + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const hex = c.text.slice(c.pos + 2, c.pos + 6);
        if (hex.length < 4) break;
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Malformed('bad escape');
        out += String.fromCharCode(parseInt(hex, 16));
        c.pos += 6;
        continue;
      }
      if (!(next in ESCAPES)) throw new Malformed('bad escape');
      out += ESCAPES[next];
      c.pos += 2;
      continue;
    }
    out += ch;
    c.pos++;
  }
  c.pos = c.text.length;
  return { value: out, closed: false };
}

function parseNumber(c: Cursor): Parsed {
  const match = /^-?\d*(\.\d*)?([eE][+-]?\d*)?/.exec(c.text.slice(c.pos));
  const raw = match?.[0] ?? '';
  if (raw === '' || raw === '-') {
    if (c.pos + raw.length >= c.text.length) return (c.pos = c.text.length), INCOMPLETE;
    throw new Malformed('bad number');
  }
  c.pos += raw.length;
  const usable = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(raw)?.[0];
  if (usable === undefined) return INCOMPLETE;
  return Number(usable);
}

function parseLiteral(c: Cursor): Parsed {
  for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
    const rest = c.text.slice(c.pos, c.pos + word.length);
    if (rest === word) return (c.pos += word.length), value;
    if (word.startsWith(rest) && c.pos + rest.length >= c.text.length) return (c.pos = c.text.length), INCOMPLETE;
  }
  throw new Malformed(`unexpected ${c.peek()}`);
}

function parseArray(c: Cursor): { value: JsonValue[]; closed: boolean } {
  c.pos++;
  const out: JsonValue[] = [];
  for (;;) {
    c.skipSpace();
    if (c.done) return { value: out, closed: false };
    if (c.peek() === ']') return c.pos++, { value: out, closed: true };
    if (out.length > 0) {
      if (c.peek() !== ',') throw new Malformed('expected ,');
      c.pos++;
      c.skipSpace();
      if (c.done) return { value: out, closed: false };
    }
    const item = parseValue(c);
    if (item !== INCOMPLETE) out.push(item);
    if (c.done) return { value: out, closed: false };
  }
}

function parseObject(c: Cursor): { value: JsonObject; closed: boolean } {
  c.pos++;
  const out: JsonObject = {};
  let first = true;
  for (;;) {
    c.skipSpace();
    if (c.done) return { value: out, closed: false };
    if (c.peek() === '}') return c.pos++, { value: out, closed: true };
    if (!first) {
      if (c.peek() !== ',') throw new Malformed('expected ,');
      c.pos++;
      c.skipSpace();
      if (c.done) return { value: out, closed: false };
    }
    first = false;
    if (c.peek() !== '"') throw new Malformed('expected key');
    const key = parseString(c);
    if (!key.closed) return { value: out, closed: false };
    c.skipSpace();
    if (c.done) return { value: out, closed: false };
    if (c.peek() !== ':') throw new Malformed('expected :');
    c.pos++;
    c.skipSpace();
    if (c.done) return { value: out, closed: false };
    const value = parseValue(c);
    if (value !== INCOMPLETE) out[key.value] = value;
    if (c.done) return { value: out, closed: false };
  }
}

function parseValue(c: Cursor): Parsed {
  return parseValueClosed(c).value;
}

/** One value and whether it ended inside the text (a number at the very end may still grow). */
function parseValueClosed(c: Cursor): { value: Parsed; closed: boolean } {
  c.skipSpace();
  if (c.done) return { value: INCOMPLETE, closed: false };
  const ch = c.peek();
  if (ch === '{') return parseObject(c);
  if (ch === '[') return parseArray(c);
  if (ch === '"') return parseString(c);
  if (ch === '-' || (ch >= '0' && ch <= '9')) {
    const value = parseNumber(c);
    return { value, closed: value !== INCOMPLETE && !c.done };
  }
  const value = parseLiteral(c);
  return { value, closed: value !== INCOMPLETE };
}

/** The JSON text inside a reply: the body of a ```json fence (closed or still open), else the text. */
export function stripJsonFence(text: string): string {
  const open = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?/.exec(text);
  if (!open) return text;
  const start = open.index + open[0].length;
  const end = text.indexOf('```', start);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/**
 * Parses a JSON text that may be cut anywhere (a structured answer being streamed), closing what
 * is open: `{"city":"Par` gives `{ city: 'Par' }`; a key without its value and a half-written
 * `tru` are left out. Tolerates a ```json fence. Text that cannot become JSON gives `undefined`.
 *
 * @example
 * parsePartialJson('{"items":[1,2').value // { items: [1, 2] }
 */
export function parsePartialJson(text: string): PartialJson {
  const cursor = new Cursor(stripJsonFence(text));
  cursor.skipSpace();
  if (cursor.done) return { value: undefined, complete: false };
  try {
    const { value, closed } = parseValueClosed(cursor);
    cursor.skipSpace();
    if (value === INCOMPLETE) return { value: undefined, complete: false };
    return { value, complete: closed && cursor.done };
  } catch (error) {
    if (error instanceof Malformed) return { value: undefined, complete: false };
    throw error;
  }
}
