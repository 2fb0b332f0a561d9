import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { EmulatedError } from './emulator-script.types';

/** The JSON payloads of SSE frames (`data:` lines), without `[DONE]`. */
export function payloads(frame: string): string[] {
  return frame
    .split(/\r?\n/)
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trim())
    .filter((d) => d !== '' && d !== '[DONE]');
}

/** The model a body names (`emulated-model` when none). */
export function modelOf(body: JsonObject): string {
  return typeof body.model === 'string' ? body.model : 'emulated-model';
}

/** A JSON object from text, or undefined. */
export function parseObject(text: string | undefined): JsonObject | undefined {
  try {
    const value = JSON.parse(text ?? '') as JsonValue;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Answers an upgrade with an HTTP error body (JSON, or a raw string as HTML), `Retry-After` when set. */
export function refuse(socket: Duplex, error: EmulatedError, rendered: JsonValue): void {
  const body = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
  const headers = [
    `HTTP/1.1 ${error.status} Refused`,
    `content-type: ${typeof rendered === 'string' ? 'text/html' : 'application/json'}`,
    `content-length: ${Buffer.byteLength(body)}`,
    ...(error.retryAfter !== undefined ? [`retry-after: ${error.retryAfter}`] : []),
    ...Object.entries(error.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'connection: close',
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

/** Node's header object as plain strings. */
export function flat(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
