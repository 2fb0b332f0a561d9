import type { JsonValue } from '../../core/json.types';
import { CassetteFormatError } from '../../errors/cassette-format.error';
import { bedrockEventFrame, bedrockExceptionFrame } from '../emulator/wires/aws-event-stream.encoder';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette, type CassetteChunk, type CassetteResponse } from './cassette.types';

/**
 * How the lines of a `*.chunks.txt` file are framed on the wire (they hold only each event's JSON):
 * `chat-completions` `data: <line>` then `data: [DONE]`; `anthropic` and `responses`
 * `event: <type>` + `data: <line>`; `gemini` `data: <line>` with CRLF CRLF; `bedrock` one AWS
 * event-stream frame per line; `ndjson` one line each.
 */
export type FixtureFraming = 'chat-completions' | 'anthropic' | 'responses' | 'gemini' | 'bedrock' | 'ndjson';

/** Options of {@link importResponseFixture}. */
export interface ResponseFixtureOptions {
  /** Cassette name (default: the file name without its suffixes). */
  readonly name?: string;
  /** The request the recorded response answers (the fixture files hold no request). */
  readonly request: { readonly method?: string; readonly path: string; readonly query?: Readonly<Record<string, string>>; readonly body?: JsonValue };
  /** Framing of a `*.chunks.txt` file (required for one). */
  readonly framing?: FixtureFraming;
  /** HTTP status (default 200; the `*.json` error bodies of vercel/ai are 400s or 429s). */
  readonly status?: number;
}

const SSE = 'text/event-stream; charset=utf-8';

function frame(line: string, framing: FixtureFraming, file: string): CassetteChunk {
  if (framing === 'chat-completions' || framing === 'gemini') return { delayMs: 0, text: `data: ${line}${framing === 'gemini' ? '\r\n\r\n' : '\n\n'}` };
  if (framing === 'ndjson') return { delayMs: 0, text: `${line}\n` };
  let parsed: Record<string, JsonValue>;
  try {
    parsed = JSON.parse(line) as Record<string, JsonValue>;
  } catch {
    throw new CassetteFormatError(`fixture ${file}: a line is not JSON`, { source: file });
  }
  if (framing === 'bedrock') {
    const [[type, payload]] = Object.entries(parsed);
    const bytes = type.endsWith('Exception') ? bedrockExceptionFrame(type, payload as object) : bedrockEventFrame(type, payload as object);
    return { delayMs: 0, base64: bytes.toString('base64') };
  }
  return { delayMs: 0, text: `event: ${String(parsed.type)}\ndata: ${line}\n\n` };
}

function streamed(chunks: CassetteChunk[], framing: FixtureFraming): CassetteResponse['chunks'] {
  return framing === 'chat-completions' ? [...chunks, { delayMs: 0, text: 'data: [DONE]\n\n' }] : chunks;
}

const CONTENT_TYPE: Record<FixtureFraming, string> = {
  'chat-completions': SSE,
  anthropic: SSE,
  responses: SSE,
  gemini: SSE,
  bedrock: 'application/vnd.amazon.eventstream',
  ndjson: 'application/x-ndjson',
};

/**
 * Converts one response fixture of the shared recorded traffic into a cassette answering
 * `options.request`: a vercel/ai `*.chunks.txt` (one event payload per line, re-framed as
 * `options.framing` says), a `*.json` (a whole body), or a `*.eventstream.base64.txt` (the raw bytes
 * of a Bedrock ConverseStream body). The file name says which. The fixtures hold no request, so
 * replay them with a match key without `body` (e.g. `{ on: ['method', 'path'] }`).
 *
 * @example
 * const cassette = importResponseFixture('openai-text.chunks.txt', readFileSync(file, 'utf8'), { request: { path: '/v1/chat/completions' }, framing: 'chat-completions' });
 * const emulator = await new CassettePlayer(cassette, { on: ['method', 'path'] }).start();
 */
export function importResponseFixture(fileName: string, content: string, options: ResponseFixtureOptions): Cassette {
  const base = fileName.replace(/^.*[\\/]/, '');
  let response: CassetteResponse;
  if (base.endsWith('.eventstream.base64.txt')) {
    response = { status: options.status ?? 200, headers: { 'content-type': CONTENT_TYPE.bedrock }, chunks: [{ delayMs: 0, base64: content.trim() }] };
  } else if (base.endsWith('.chunks.txt')) {
    const framing = options.framing;
    if (!framing) throw new CassetteFormatError(`fixture ${base}: a chunks file needs options.framing (how its provider frames events)`, { source: base });
    const lines = content.split('\n').filter((l) => l.trim() !== '');
    response = { status: options.status ?? 200, headers: { 'content-type': CONTENT_TYPE[framing] }, chunks: streamed(lines.map((l) => frame(l, framing, base)), framing) };
  } else if (base.endsWith('.json')) {
    let json: JsonValue;
    try {
      json = JSON.parse(content) as JsonValue;
    } catch {
      throw new CassetteFormatError(`fixture ${base}: not JSON`, { source: base });
    }
    response = { status: options.status ?? 200, headers: { 'content-type': 'application/json' }, body: { json } };
  } else {
    throw new CassetteFormatError(`fixture ${base}: expected a .chunks.txt, .json or .eventstream.base64.txt file`, { source: base });
  }
  const { request } = options;
  return {
    format: CASSETTE_FORMAT,
    version: CASSETTE_VERSION,
    name: options.name ?? base.replace(/(\.eventstream\.base64\.txt|\.chunks\.txt|\.json)$/, ''),
    target: 'imported:fixture',
    interactions: [
      {
        recordedAt: new Date(0).toISOString(),
        latencyMs: 0,
        request: { method: request.method ?? 'POST', path: request.path, query: request.query ?? {}, headers: {}, ...(request.body !== undefined ? { body: { json: request.body } } : {}) },
        response,
      },
    ],
  };
}
