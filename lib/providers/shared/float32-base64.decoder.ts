import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Decodes base64 little-endian float32 data (OpenAI-style `encoding_format: "base64"`) into a
 * `Float32Array`. The base64 text is decoded once, straight into a buffer of its own (never a
 * slice of Node's shared pool, so it is 4-byte aligned and holds nothing else); on little-endian
 * hosts the result is a view over those bytes, without a copy. Big-endian hosts copy once.
 * Returns undefined when the decoded length is not a multiple of 4.
 *
 * @example
 * decodeFloat32Base64('AACAPwAAAMA='); // Float32Array [1, -2]
 */
export function decodeFloat32Base64(data: string): Float32Array | undefined {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(data, 'base64'));
  const length = bytes.write(data, 'base64');
  if (length % 4 !== 0) return undefined;
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer, bytes.byteOffset, length / 4);
  const out = new Float32Array(length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
