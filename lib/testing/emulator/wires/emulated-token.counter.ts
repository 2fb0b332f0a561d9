import type { ServerResponse } from 'node:http';
import type { JsonValue } from '../../../core/json.types';

/**
 * The emulator's tokenizer: one token per word and per punctuation mark of every string in the
 * given parts of a request (keys of tool schemas included), plus 3 per message. Deterministic and
 * unrelated to any real tokenizer; tests compare it with itself, not with a provider's count.
 *
 * @example
 * emulatedTokenCount([{ role: 'user', content: 'Hello, world' }]); // 3 + 'user' + 'Hello' ',' 'world' + keys
 */
export function emulatedTokenCount(...parts: ReadonlyArray<JsonValue | undefined>): number {
  let total = 0;
  const walk = (value: JsonValue | undefined): void => {
    if (typeof value === 'string') total += (value.match(/\w+|[^\w\s]/g) ?? []).length;
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'role' || key === 'content' || key === 'parts') total += key === 'role' ? 3 : 0;
        walk(inner);
      }
    }
  };
  parts.forEach(walk);
  return total;
}

/** Writes a JSON answer (the count endpoints' replies and their errors). */
export function sendJson(res: ServerResponse, status: number, body: JsonValue): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
