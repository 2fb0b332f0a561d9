import { StringDecoder } from 'node:string_decoder';

/** Bytes a UTF-8 sequence starting with `lead` has (1 for ASCII and for bytes that start none). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0 && lead < 0xf0) return 3;
  if (lead >= 0xc2 && lead < 0xe0) return 2;
  return 1;
}

/** Whether the chunk's last bytes open a multi-byte character that the next chunk completes. */
function endsMidCharacter(chunk: Buffer): boolean {
  const n = chunk.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const byte = chunk[i];
    if (byte < 0x80 || byte >= 0xc0) return sequenceLength(byte) > n - i;
  }
  return false;
}

/**
 * Decodes a stream's UTF-8 chunks to text, as `StringDecoder` does, but creates that decoder (and
 * its buffers) only once a chunk ends inside a multi-byte character: most streams never need one,
 * and an open stream then holds nothing for decoding.
 *
 * @example
 * const utf8 = new Utf8Decoder();
 * utf8.write(Buffer.from([0x68, 0xc3])) + utf8.write(Buffer.from([0xa9])) + utf8.end(); // 'hé'
 */
export class Utf8Decoder {
  private decoder: StringDecoder | undefined;

  /** The text of the chunk's complete characters (a character it opens is finished by the next chunk). */
  write(chunk: Buffer): string {
    if (this.decoder === undefined) {
      if (!endsMidCharacter(chunk)) return chunk.toString('utf8');
      this.decoder = new StringDecoder('utf8');
    }
    return this.decoder.write(chunk);
  }

  /** The end of the stream: an unfinished character becomes U+FFFD. */
  end(): string {
    return this.decoder === undefined ? '' : this.decoder.end();
  }
}
