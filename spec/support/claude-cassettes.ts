import { readFileSync } from 'node:fs';
import YAML from 'yaml';

/** One recorded HTTP exchange of a VCR cassette. */
export interface RecordedExchange {
  /** Whether the recorded request asked for a stream. */
  readonly stream: boolean;
  readonly status: number;
  readonly contentType: string;
  /** The response body text, as served. */
  readonly body: string;
}

type Obj = Record<string, unknown>;

const BINARY = { tag: '!binary', resolve: (text: string): string => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') };

function header(headers: Obj | undefined, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : String(v);
  }
  return undefined;
}

/**
 * Reads a pydantic-ai (`.yaml`, `interactions`) or Ruby VCR (`.yml`, `http_interactions`) cassette:
 * raw bodies as recorded, `parsed_body` bodies re-serialised as JSON.
 */
export function readCassette(path: string): RecordedExchange[] {
  const doc = YAML.parse(readFileSync(path, 'utf8'), { customTags: [BINARY] }) as Obj;
  const items = ((doc.interactions ?? doc.http_interactions) as Obj[]) ?? [];
  return items.map((item) => {
    const request = item.request as Obj;
    const response = item.response as Obj;
    const requestBody = (request.parsed_body as Obj | undefined) ?? JSON.parse(String((request.body as Obj | undefined)?.string ?? '{}'));
    const raw = (response.body as Obj | undefined)?.string;
    const body = typeof raw === 'string' ? raw : JSON.stringify(response.parsed_body ?? {});
    const contentType = header(response.headers as Obj, 'content-type') ?? (body.startsWith('event:') ? 'text/event-stream' : 'application/json');
    return { stream: (requestBody as Obj).stream === true, status: Number((response.status as Obj).code), contentType, body };
  });
}
