import { TextDecoder } from 'node:util';
import { encodeEventStreamMessage } from '../emulator/wires/aws-event-stream.encoder';
import type { BodyCleaning } from './cassette.body';
import { cleanLines, recut } from './cassette-stream.redaction';
import type { CassetteChunk } from './cassette.types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The string headers of one frame, or undefined when a header is of another type (the frame is then kept as is). */
function stringHeaders(headers: Buffer): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  let at = 0;
  while (at < headers.length) {
    const nameLength = headers.readUInt8(at);
    const name = headers.subarray(at + 1, at + 1 + nameLength).toString('utf8');
    at += 1 + nameLength;
    if (headers.readUInt8(at) !== 7) return undefined;
    const valueLength = headers.readUInt16BE(at + 1);
    out.push([name, headers.subarray(at + 3, at + 3 + valueLength).toString('utf8')]);
    at += 3 + valueLength;
  }
  return out;
}

/** One frame cleaned: its JSON payload scrubbed and redacted, re-encoded with fresh CRCs; the same bytes when nothing changed. */
function cleanFrame(frame: Buffer, cleaning: BodyCleaning): Buffer {
  const headersLength = frame.readUInt32BE(4);
  let headers: Array<[string, string]> | undefined;
  try {
    headers = 12 + headersLength <= frame.length - 4 ? stringHeaders(frame.subarray(12, 12 + headersLength)) : undefined;
  } catch {
    headers = undefined; // malformed headers: the frame is kept as it came
  }
  if (!headers) return frame;
  let payload: string;
  try {
    payload = utf8.decode(frame.subarray(12 + headersLength, frame.length - 4));
  } catch {
    return frame;
  }
  const cleaned = cleanLines(payload, cleaning);
  return cleaned === payload ? frame : encodeEventStreamMessage(headers, cleaned);
}

/**
 * A recorded AWS event stream (Bedrock ConverseStream), cleaned frame by frame — secrets scrubbed
 * and configured fields redacted in each JSON payload, the frame re-encoded with fresh CRCs — then
 * cut where the network cut it (a cut inside a changed frame moves to that frame's end). Chunks are
 * base64. Bytes after the last whole frame are kept as they are.
 */
export function encodeEventStream(chunks: ReadonlyArray<{ delayMs: number; bytes: Buffer }>, cleaning: BodyCleaning): CassetteChunk[] {
  const whole = Buffer.concat(chunks.map((c) => c.bytes));
  const boundaries: number[] = [];
  let total = 0;
  for (const c of chunks.slice(0, -1)) boundaries.push((total += c.bytes.length));
  const parts: Buffer[] = [];
  const cuts: number[] = [];
  let length = 0;
  let at = 0;
  while (at < whole.length) {
    const size = at + 12 <= whole.length ? whole.readUInt32BE(at) : 0;
    const complete = size >= 16 && at + size <= whole.length;
    const end = complete ? at + size : whole.length;
    const original = whole.subarray(at, end);
    const frame = complete ? cleanFrame(original, cleaning) : original;
    const start = length;
    parts.push(frame);
    length += frame.length;
    while (cuts.length < boundaries.length && boundaries[cuts.length] < end) cuts.push(frame === original || boundaries[cuts.length] === at ? start + (boundaries[cuts.length] - at) : length);
    at = end;
  }
  while (cuts.length < boundaries.length) cuts.push(length);
  const cleaned = Buffer.concat(parts);
  return recut(chunks, cuts, cleaned.length, (from, to) => ({ base64: cleaned.subarray(from, to).toString('base64') }));
}
