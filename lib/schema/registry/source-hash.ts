import { createHash } from 'node:crypto';

/** Hash of a source text, line endings normalised (a checkout with CRLF is not a change). */
export function hashSource(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex').slice(0, 16);
}
