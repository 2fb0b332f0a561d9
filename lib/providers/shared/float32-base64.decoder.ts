import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Decodes base64 little-endian float32 data (OpenAI-style `encoding_format: "base64"`) into a
 * `Float32Array`. On little-endian hosts the result is a view over the decoded bytes (no second
 * copy) when they are 4-byte aligned; otherwise the values are copied once.
 * Returns undefined when the byte length is not a multiple of 4.
 */
export function decodeFloat32Base64(data: string): Float32Array | undefined {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  const count = bytes.length / 4;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
