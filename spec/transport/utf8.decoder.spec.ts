import { StringDecoder } from 'node:string_decoder';
import { Utf8Decoder } from '../../lib/transport/utf8.decoder';

function decode(chunks: Buffer[]): string {
  const utf8 = new Utf8Decoder();
  return chunks.map((c) => utf8.write(c)).join('') + utf8.end();
}

function reference(chunks: Buffer[]): string {
  const decoder = new StringDecoder('utf8');
  return chunks.map((c) => decoder.write(c)).join('') + decoder.end();
}

describe('Utf8Decoder', () => {
  // 1-, 2-, 3- and 4-byte characters, then bytes that start or continue nothing, and a cut-short character
  const bytes = Buffer.concat([
    Buffer.from('a é 漢 🌍 z', 'utf8'),
    Buffer.from([0xff, 0x41, 0x80, 0x42, 0xc3, 0x43, 0xf0, 0x9f, 0x44, 0xe6]),
  ]);

  it('decodes as StringDecoder does, at every pair of cuts', () => {
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        const chunks = [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
        expect(decode(chunks)).toBe(reference(chunks));
      }
    }
  });

  it('a character split across chunks is written once, whole, with the chunk that completes it', () => {
    const utf8 = new Utf8Decoder();
    const globe = Buffer.from('🌍', 'utf8');
    expect(utf8.write(Buffer.concat([Buffer.from('x'), globe.subarray(0, 2)]))).toBe('x');
    expect(utf8.write(globe.subarray(2))).toBe('🌍');
    expect(utf8.end()).toBe('');
  });

  it('a stream cut inside a character ends with U+FFFD', () => {
    const utf8 = new Utf8Decoder();
    expect(utf8.write(Buffer.from([0x61, 0xe6, 0xbc]))).toBe('a');
    expect(utf8.end()).toBe('\ufffd');
  });
});
