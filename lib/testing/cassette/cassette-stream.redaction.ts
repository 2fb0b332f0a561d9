import { TextDecoder } from 'node:util';
import type { JsonValue } from '../../core/json.types';
import type { BodyCleaning } from './cassette.body';
import { redactFields, scrubSecrets } from './cassette.redaction';
import type { CassetteBody, CassetteChunk } from './cassette.types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A line with its terminator split off (`\n` or `\r\n`, empty on the last line). */
interface Line {
  readonly content: string;
  readonly end: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const m of text.matchAll(/([^\n]*?)(\r?\n|$)/g)) {
    if (m[0] === '' && m.index === text.length) break;
    lines.push({ content: m[1], end: m[2] });
  }
  return lines;
}

/**
 * One line of a stream or JSON Lines body, cleaned: secrets scrubbed, and the `fields` of its JSON
 * (an SSE `data:` line's payload, or an NDJSON line) redacted. Lines that need no change keep their bytes.
 */
function cleanLine(content: string, cleaning: BodyCleaning): string {
  const scrubbed = scrubSecrets(content, cleaning.secrets);
  if (!cleaning.fields?.length) return scrubbed;
  const m = /^(data:\s?)?(\s*[[{][\s\S]*)$/.exec(scrubbed);
  if (!m) return scrubbed;
  let json: JsonValue;
  try {
    json = JSON.parse(m[2]) as JsonValue;
  } catch {
    return scrubbed;
  }
  const redacted = redactFields(json, cleaning.fields);
  const text = JSON.stringify(redacted);
  return text === JSON.stringify(json) ? scrubbed : `${m[1] ?? ''}${text}`;
}

/** Text cleaned line by line: secrets scrubbed everywhere, configured fields redacted in every JSON line (SSE `data:` or NDJSON). */
export function cleanLines(text: string, cleaning: BodyCleaning): string {
  return splitLines(text)
    .map((l) => cleanLine(l.content, cleaning) + l.end)
    .join('');
}

/**
 * A recorded stream, cleaned as a whole — so that a secret or a redacted field split between two
 * network chunks is still caught — then cut again where the network cut it: a boundary inside a
 * line that changed moves to that line's end (its chunk then holds the whole line). A stream that
 * is not UTF-8 (AWS event-stream frames) is kept as base64 chunks.
 */
export function encodeStream(chunks: ReadonlyArray<{ delayMs: number; bytes: Buffer }>, cleaning: BodyCleaning): CassetteChunk[] {
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks.map((c) => c.bytes)));
  } catch {
    return chunks.map((c) => ({ delayMs: c.delayMs, base64: c.bytes.toString('base64') }));
  }
  // chunk boundaries as character offsets (a boundary inside a multi-byte character moves after it)
  const boundaries: number[] = [];
  let bytes = 0;
  for (const c of chunks.slice(0, -1)) {
    bytes += c.bytes.length;
    boundaries.push(charOffset(text, bytes));
  }
  let cleaned = '';
  let at = 0;
  const cuts: number[] = [];
  for (const line of splitLines(text)) {
    const start = at;
    const end = start + line.content.length + line.end.length;
    const content = cleanLine(line.content, cleaning);
    const newStart = cleaned.length;
    cleaned += content + line.end;
    // boundaries are in order: take those that fall inside this line
    while (cuts.length < boundaries.length && boundaries[cuts.length] < end) {
      cuts.push(content === line.content || boundaries[cuts.length] === start ? newStart + (boundaries[cuts.length] - start) : cleaned.length);
    }
    at = end;
  }
  while (cuts.length < boundaries.length) cuts.push(cleaned.length);
  return recut(chunks, cuts, cleaned.length, (from, to) => ({ text: cleaned.slice(from, to) }));
}

/**
 * The cleaned stream cut at `cuts` (one per boundary between `chunks`), each piece with its
 * chunk's delay; a piece left empty is dropped and its delay carried to the next (a last empty
 * piece is dropped too, unless it is the only one).
 */
export function recut(chunks: ReadonlyArray<{ delayMs: number }>, cuts: readonly number[], total: number, piece: (from: number, to: number) => CassetteBody): CassetteChunk[] {
  const out: CassetteChunk[] = [];
  let carried = 0;
  let from = 0;
  chunks.forEach((c, i) => {
    const to = i < cuts.length ? Math.max(from, cuts[i]) : total;
    if (to === from && (i < chunks.length - 1 || out.length > 0)) {
      carried += c.delayMs;
      return;
    }
    out.push({ delayMs: carried + c.delayMs, ...piece(from, to) });
    carried = 0;
    from = to;
  });
  return out;
}

/** The character offset of byte offset `bytes` of `text` (rounded up to a whole character). */
function charOffset(text: string, bytes: number): number {
  let count = 0;
  let i = 0;
  while (i < text.length && count < bytes) {
    const code = text.codePointAt(i)!;
    count += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  return i;
}
