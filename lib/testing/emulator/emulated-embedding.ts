import { createHash } from 'node:crypto';

/**
 * The deterministic vector the emulator returns for a text: the same text always gives the same
 * unit vector, so tests can assert embeddings and similarities.
 */
export function emulatedEmbedding(text: string, dimensions = 8): number[] {
  const out: number[] = [];
  let counter = 0;
  while (out.length < dimensions) {
    const digest = createHash('sha256').update(`${counter++}:${text}`).digest();
    for (let i = 0; i + 4 <= digest.length && out.length < dimensions; i += 4) {
      out.push(digest.readInt32BE(i) / 2 ** 31);
    }
  }
  const norm = Math.sqrt(out.reduce((s, v) => s + v * v, 0)) || 1;
  return out.map((v) => Math.round((v / norm) * 1e6) / 1e6);
}
