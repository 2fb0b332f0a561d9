import { TextDecoder } from 'node:util';
import type { JsonValue } from '../../core/json.types';
import type { CassetteBody } from './cassette.types';
import { redactFields, scrubSecrets } from './cassette.redaction';
import { cleanLines } from './cassette-stream.redaction';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How a body is cleaned before it is written. */
export interface BodyCleaning {
  readonly secrets: readonly string[];
  readonly fields?: readonly string[];
}

/**
 * A recorded body: parsed JSON when the bytes are JSON (`json`, fields redacted), else UTF-8 text
 * (secrets scrubbed, fields redacted in each JSON line: JSON Lines, SSE `data:`), else base64.
 * Streams go through `encodeStream()` instead, chunk boundaries kept.
 */
export function encodeBody(bytes: Buffer, cleaning: BodyCleaning): CassetteBody {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { base64: bytes.toString('base64') };
  }
  if (text.trim() !== '') {
    try {
      const json = JSON.parse(scrubSecrets(text, cleaning.secrets)) as JsonValue;
      return { json: cleaning.fields?.length ? redactFields(json, cleaning.fields) : json };
    } catch {
      // not JSON: kept as text
    }
  }
  return { text: cleanLines(text, cleaning) };
}

/** The bytes a recorded body replays as (`json` re-serialised compactly). */
export function decodeBody(body: CassetteBody | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.base64 !== undefined) return Buffer.from(body.base64, 'base64');
  if (body.text !== undefined) return Buffer.from(body.text, 'utf8');
  if (body.json !== undefined) return Buffer.from(JSON.stringify(body.json), 'utf8');
  return Buffer.alloc(0);
}

/** A body's JSON value (parsed from text when it is JSON text), for matching. */
export function bodyJson(body: CassetteBody | undefined): JsonValue | undefined {
  if (!body) return undefined;
  if (body.json !== undefined) return body.json;
  if (body.text !== undefined) {
    try {
      return JSON.parse(body.text) as JsonValue;
    } catch {
      return body.text;
    }
  }
  return body.base64;
}
