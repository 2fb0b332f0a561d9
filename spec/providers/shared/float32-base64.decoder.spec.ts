import { decodeFloat32Base64 } from '../../../lib/providers/shared/float32-base64.decoder';

const base64Of = (values: readonly number[]): string => {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
};

describe('decodeFloat32Base64', () => {
  it('decodes little-endian float32 exactly, small and large', () => {
    for (const size of [1, 3, 256, 3072]) {
      const values = Array.from({ length: size }, (_, i) => Math.fround(Math.cos(i) * 7.25));
      expect(Array.from(decodeFloat32Base64(base64Of(values))!)).toEqual(values);
    }
  });

  it('returns a view over a buffer of its own: aligned, nothing else in it, not the shared pool', () => {
    const a = decodeFloat32Base64(base64Of([1, 2, 3]))!;
    const b = decodeFloat32Base64(base64Of([4, 5]))!;
    for (const v of [a, b]) {
      expect(v.byteOffset).toBe(0);
      expect(v.buffer.byteLength).toBe(v.byteLength);
    }
    expect(a.buffer).not.toBe(b.buffer);
    expect(Array.from(b)).toEqual([4, 5]);
  });

  it('is undefined when the bytes are not whole float32 values', () => {
    expect(decodeFloat32Base64('AAA=')).toBeUndefined();
    expect(decodeFloat32Base64('AAAAAAA=')).toBeUndefined();
    expect(Array.from(decodeFloat32Base64('')!)).toEqual([]);
  });
});
