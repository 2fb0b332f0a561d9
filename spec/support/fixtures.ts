import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * Locates and reads the recorded provider traffic in `../shared/fixtures` (see its MANIFEST.md).
 *
 * The folder is found from `CHAT_TS_FIXTURES`, else `../shared/fixtures` beside the repository
 * root (as on CI), else two levels up (a git worktree under `<dir>/wt/<name>`).
 * Conformance suites wrap themselves in {@link describeWithFixtures}, which turns a missing folder
 * into one plain "not run" test, or a failure when `CI` is set.
 *
 * @example
 * describeWithFixtures('Chat Completions conformance', (root) => {
 *   for (const file of fixtureFiles('deepseek')) { ... readExchanges(file) ... }
 * });
 */

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The fixtures folder, or undefined when it is not there. */
export function fixturesRoot(): string | undefined {
  const candidates = [
    process.env.CHAT_TS_FIXTURES,
    resolve(REPO_ROOT, '..', 'shared', 'fixtures'),
    resolve(REPO_ROOT, '..', '..', 'shared', 'fixtures'),
  ];
  return candidates.find((c): c is string => !!c && existsSync(join(c, 'MANIFEST.md')));
}

/**
 * Registers `body` as a describe block when the fixtures exist. Otherwise registers one test that
 * logs "recorded fixtures not found, conformance not run" (or fails when `CI` is set).
 */
export function describeWithFixtures(title: string, body: (root: string) => void): void {
  const root = fixturesRoot();
  describe(title, () => {
    if (root) return body(root);
    it('needs the recorded fixtures in ../shared/fixtures', () => {
      if (process.env.CI) throw new Error('recorded fixtures not found (../shared/fixtures) and CI is set: conformance must run on CI');
      console.log('recorded fixtures not found, conformance not run');
    });
  });
}

/** Absolute paths of a fixture folder's files, sorted, optionally filtered by name. */
export function fixtureFiles(folder: string, accept: (name: string) => boolean = () => true): string[] {
  const root = fixturesRoot();
  if (!root || !existsSync(join(root, folder))) return [];
  return readdirSync(join(root, folder))
    .filter(accept)
    .sort()
    .map((name) => join(root, folder, name));
}

/** The JSON payload lines of a `*.chunks.txt` file (empty lines skipped). */
export function readChunkLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** One recorded HTTP exchange. Served headers omit framing headers (length, encoding). */
export interface RecordedExchange {
  readonly file: string;
  readonly index: number;
  readonly method: string;
  readonly url: string;
  /** The raw request body, when recorded. */
  readonly requestBody?: string;
  readonly status: number;
  /** Lower-case response headers, without content-length / transfer-encoding / content-encoding. */
  readonly headers: Record<string, string>;
  /** The raw response body (decoded from HTTP chunked framing for .httprr). */
  readonly body: string;
}

const FRAMING = new Set(['content-length', 'transfer-encoding', 'content-encoding', 'connection']);

function headerMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const key = k.toLowerCase();
    if (FRAMING.has(key)) continue;
    out[key] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
  }
  return out;
}

type Node = Record<string, unknown> | undefined;
const get = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), o);

function bodyText(body: Node, parsed: unknown): string {
  const raw = body?.string;
  if (typeof raw === 'string') return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
  return parsed === undefined ? '' : JSON.stringify(parsed);
}

function readCassette(file: string): RecordedExchange[] {
  const doc = parseYaml(readFileSync(file, 'utf8'), {
    customTags: [{ tag: '!binary', resolve: (value: string) => Buffer.from(value, 'base64').toString('utf8') }],
  }) as Record<string, unknown>;
  const items = (doc.interactions ?? doc.http_interactions ?? []) as Record<string, unknown>[];
  return items.map((item, index) => {
    const request = item.request as Record<string, unknown>;
    const response = item.response as Record<string, unknown>;
    const requestBody = bodyText(request.body as Node, request.parsed_body);
    return {
      file,
      index,
      method: String(request.method ?? 'POST').toUpperCase(),
      url: String(request.uri ?? ''),
      requestBody: requestBody || undefined,
      status: Number(get(response, 'status', 'code') ?? 200),
      headers: headerMap(response.headers),
      body: bodyText(response.body as Node, response.parsed_body),
    };
  });
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function splitMessage(bytes: Buffer): { start: string; headers: Array<[string, string]>; body: Buffer } {
  const end = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, end === -1 ? bytes.length : end).toString('latin1').split('\r\n');
  const headers = head.slice(1).map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  return { start: head[0], headers, body: end === -1 ? Buffer.alloc(0) : bytes.subarray(end + 4) };
}

function readHttprr(file: string): RecordedExchange[] {
  const data = readFileSync(file);
  let at = data.indexOf('\n') + 1;
  const out: RecordedExchange[] = [];
  while (at < data.length) {
    const lineEnd = data.indexOf('\n', at);
    if (lineEnd === -1) break;
    const [reqLen, resLen] = data.subarray(at, lineEnd).toString('latin1').trim().split(' ').map(Number);
    at = lineEnd + 1;
    const request = splitMessage(data.subarray(at, at + reqLen));
    const response = splitMessage(data.subarray(at + reqLen, at + reqLen + resLen));
    at += reqLen + resLen;
    const chunked = response.headers.some(([k, v]) => k === 'transfer-encoding' && /chunked/i.test(v));
    const [method, url] = request.start.split(' ');
    out.push({
      file,
      index: out.length,
      method,
      url,
      requestBody: request.body.toString('utf8') || undefined,
      status: Number(response.start.split(' ')[1]),
      headers: Object.fromEntries(response.headers.filter(([k]) => !FRAMING.has(k))),
      body: (chunked ? dechunk(response.body) : response.body).toString('utf8'),
    });
  }
  return out;
}

/** The HTTP exchanges of a `.yaml`/`.yml` cassette or an `.httprr` trace. */
export function readExchanges(file: string): RecordedExchange[] {
  if (file.endsWith('.httprr')) return readHttprr(file);
  if (/\.ya?ml$/.test(file)) return readCassette(file);
  throw new Error(`readExchanges: ${basename(file)} is not a cassette or an httprr trace`);
}
