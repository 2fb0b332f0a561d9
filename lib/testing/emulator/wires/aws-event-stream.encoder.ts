/**
 * The emulator's own encoder of the AWS event-stream framing (`application/vnd.amazon.eventstream`),
 * written from the format description: per message a 4-byte big-endian total length, a 4-byte
 * headers length, a CRC32 of those 8 bytes, the headers (1-byte name length, name, type 7 =
 * string, 2-byte value length, value), the payload, and a CRC32 of everything before it.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), as the event-stream prelude and message checksums use it. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One event-stream message with string headers, in the header order given. */
export function encodeEventStreamMessage(headers: ReadonlyArray<readonly [string, string]>, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const headerBytes = Buffer.concat(
    headers.map(([name, value]) => {
      const n = Buffer.from(name, 'utf8');
      const v = Buffer.from(value, 'utf8');
      const out = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
      out.writeUInt8(n.length, 0);
      n.copy(out, 1);
      out.writeUInt8(7, 1 + n.length);
      out.writeUInt16BE(v.length, 2 + n.length);
      v.copy(out, 4 + n.length);
      return out;
    }),
  );
  const total = 12 + headerBytes.length + body.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  body.copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

/** The padding member `p` live Bedrock payloads carry: a prefix of `abc…xyzABC…XYZ0123…`. */
export function bedrockPadding(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return alphabet.slice(0, Math.max(1, Math.min(alphabet.length, length)));
}

/** A Bedrock event frame (`:event-type`, `:content-type`, `:message-type` in the live order), padded like live payloads. */
export function bedrockEventFrame(type: string, payload: object, padding = 0): Buffer {
  const body = padding > 0 ? { ...payload, p: bedrockPadding(padding) } : payload;
  return encodeEventStreamMessage(
    [
      [':event-type', type],
      [':content-type', 'application/json'],
      [':message-type', 'event'],
    ],
    JSON.stringify(body),
  );
}

/** A Bedrock exception frame (`:exception-type`, a `{ message }` payload). */
export function bedrockExceptionFrame(type: string, payload: object): Buffer {
  return encodeEventStreamMessage(
    [
      [':exception-type', type],
      [':content-type', 'application/json'],
      [':message-type', 'exception'],
    ],
    JSON.stringify(payload),
  );
}
