import type { JsonValue } from '../../core/json.types';
import { CassetteFormatError } from '../../errors/cassette-format.error';
import { headersToRecord, queryToRecord } from './cassette.redaction';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette, type CassetteBody, type CassetteChunk, type CassetteInteraction } from './cassette.types';

type Obj = Record<string, unknown>;

const STREAM_TYPES = /text\/event-stream|ndjson|jsonl/i;

/**
 * Converts a VCR cassette — pydantic-ai (`interactions`, `parsed_body`) or Ruby VCR
 * (`http_interactions`, `body.string`) — already parsed from YAML, into a chat-ts cassette. Streams
 * are split into one chunk per SSE event (or NDJSON line) with no delay; credential headers and URL
 * keys are dropped as when recording.
 *
 * @example
 * import YAML from 'yaml';
 * const cassette = importVcrCassette(YAML.parse(readFileSync('test_stream.yaml', 'utf8')), 'stream');
 */
export function importVcrCassette(doc: unknown, name: string): Cassette {
  const items = (doc as Obj | null)?.interactions ?? (doc as Obj | null)?.http_interactions;
  if (!Array.isArray(items)) throw new CassetteFormatError(`VCR cassette ${name}: no "interactions" or "http_interactions" list`, { source: name });
  const interactions = (items as Obj[]).map((item): CassetteInteraction => {
    const request = (item.request ?? {}) as Obj;
    const response = (item.response ?? {}) as Obj;
    const url = new URL(String(request.uri ?? '/'), 'http://imported');
    const requestHeaders = vcrHeaders(request.headers);
    const responseHeaders = vcrHeaders(response.headers);
    const responseText = bodyString(response.body);
    const contentType = responseHeaders['content-type'] ?? (responseText?.startsWith('event:') || responseText?.startsWith('data:') ? 'text/event-stream' : 'application/json');
    const requestBody = request.parsed_body !== undefined ? { json: request.parsed_body as JsonValue } : textBody(bodyString(request.body), true);
    return {
      recordedAt: String(item.recorded_at ?? new Date(0).toISOString()),
      latencyMs: 0,
      request: {
        method: String(request.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: queryToRecord(url.searchParams),
        headers: headersToRecord(requestHeaders, 'request'),
        ...(requestBody ? { body: requestBody } : {}),
      },
      response: {
        status: Number((response.status as Obj | undefined)?.code ?? 200),
        headers: headersToRecord({ ...responseHeaders, 'content-type': contentType }, 'response'),
        ...(STREAM_TYPES.test(contentType) && responseText !== undefined
          ? { chunks: splitStream(responseText) }
          : response.parsed_body !== undefined
            ? { body: { json: response.parsed_body as JsonValue } }
            : { body: textBody(responseText, true) ?? { text: '' } }),
      },
    };
  });
  return { format: CASSETTE_FORMAT, version: CASSETTE_VERSION, name, target: 'imported:vcr', interactions };
}

/** Splits a stream body into one chunk per SSE event (blank-line separated) or NDJSON line, separators kept. */
export function splitStream(text: string): CassetteChunk[] {
  const parts = text.match(/[\s\S]*?(?:\r\n\r\n|\n\n|\r\r)|[\s\S]+$/g) ?? [];
  const lines = parts.length <= 1 && !text.includes('data:') ? (text.match(/[^\n]*\n|[^\n]+$/g) ?? []) : parts;
  return lines.filter((p) => p !== '').map((p) => ({ delayMs: 0, text: p }));
}

function vcrHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((headers ?? {}) as Obj)) out[k.toLowerCase()] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
  return out;
}

function bodyString(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  const s = (body as Obj | undefined)?.string;
  return typeof s === 'string' ? s : undefined;
}

function textBody(text: string | undefined, json: boolean): CassetteBody | undefined {
  if (text === undefined || text === '') return undefined;
  if (json) {
    try {
      return { json: JSON.parse(text) as JsonValue };
    } catch {
      // kept as text
    }
  }
  return { text };
}
