import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** One recorded HTTP exchange, whatever the cassette format. */
export interface RecordedExchange {
  readonly method: string;
  readonly uri: string;
  /** The request body, parsed (undefined when there was none). */
  readonly requestBody: unknown;
  readonly status: number;
  readonly contentType: string;
  /** The raw response body text (JSON bodies stored parsed are re-serialised). */
  readonly body: string;
}

const ROOT = resolve(__dirname, '../..');

/** `../shared/fixtures` of the repository (also tried one level up, for git worktrees), or undefined. */
export function geminiFixturesRoot(): string | undefined {
  const candidates = [process.env.CHAT_TS_FIXTURES, resolve(ROOT, '../shared/fixtures'), resolve(ROOT, '../../shared/fixtures')];
  return candidates.find((dir): dir is string => typeof dir === 'string' && existsSync(join(dir, 'MANIFEST.md')));
}

/**
 * Registers a conformance suite over a fixture folder. When the fixtures are missing the suite
 * fails under CI and otherwise registers one test that says so.
 */
export function describeGeminiFixtures(title: string, folder: string, body: (dir: string, files: string[]) => void): void {
  const root = geminiFixturesRoot();
  const dir = root ? join(root, folder) : undefined;
  describe(title, () => {
    if (!dir || !existsSync(dir)) {
      it('recorded fixtures', () => {
        if (process.env.CI) throw new Error(`recorded fixtures not found (${folder}): conformance cannot run under CI`);
        console.log(`recorded fixtures not found, conformance not run (${folder})`);
      });
      return;
    }
    body(dir, readdirSync(dir).sort());
  });
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return String(Array.isArray(value) ? value[0] : value);
  }
  return '';
}

const BINARY_TAG = { tag: '!binary', resolve: (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') };

/** Reads a pydantic-ai (`interactions`) or Ruby VCR (`http_interactions`) cassette. */
export function readCassette(file: string): RecordedExchange[] {
  const doc = parse(readFileSync(file, 'utf8'), { customTags: [BINARY_TAG] }) as Record<string, unknown>;
  const items = (doc.interactions ?? doc.http_interactions) as Array<Record<string, Record<string, unknown>>>;
  return items.map(({ request, response }) => {
    const rawRequest = (request.body as { string?: string } | undefined)?.string;
    const requestBody = request.parsed_body ?? (rawRequest ? JSON.parse(rawRequest) : undefined);
    const body = response.parsed_body !== undefined ? JSON.stringify(response.parsed_body) : String((response.body as { string?: string }).string ?? '');
    return {
      method: String(request.method).toUpperCase(),
      uri: String(request.uri),
      requestBody,
      status: Number((response.status as { code: number }).code),
      contentType: headerValue(response.headers as Record<string, unknown>, 'content-type') || 'application/json',
      body,
    };
  });
}

/** Reads an `httprr trace v1` file (exact HTTP/1.1 bytes; bodies with Content-Length). */
export function readHttprr(file: string): RecordedExchange[] {
  const data = readFileSync(file);
  const out: RecordedExchange[] = [];
  let offset = data.indexOf(0x0a) + 1;
  while (offset < data.length) {
    const lineEnd = data.indexOf(0x0a, offset);
    const [reqBytes, resBytes] = data.subarray(offset, lineEnd).toString('utf8').trim().split(' ').map(Number);
    const request = data.subarray(lineEnd + 1, lineEnd + 1 + reqBytes).toString('utf8');
    const response = data.subarray(lineEnd + 1 + reqBytes, lineEnd + 1 + reqBytes + resBytes).toString('utf8');
    offset = lineEnd + 1 + reqBytes + resBytes;
    const [reqHead, reqBody] = splitMessage(request);
    const [resHead, resBody] = splitMessage(response);
    const [method, uri] = reqHead.split('\r\n')[0].split(' ');
    const statusLine = resHead.split('\r\n')[0];
    const contentType = /^content-type:\s*(.+)$/im.exec(resHead)?.[1]?.trim() ?? 'application/json';
    out.push({ method, uri, requestBody: reqBody ? JSON.parse(reqBody) : undefined, status: Number(statusLine.split(' ')[1]), contentType, body: resBody });
  }
  return out;
}

function splitMessage(message: string): [string, string] {
  const at = message.indexOf('\r\n\r\n');
  return at < 0 ? [message, ''] : [message.slice(0, at), message.slice(at + 4)];
}

/** The JSON lines of a vercel/ai `*.chunks.txt` file. */
export function readChunkLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
