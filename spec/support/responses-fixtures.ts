import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * Locates the recorded provider traffic (`../shared/fixtures` beside the repository; a worktree
 * under `wt/` also looks two levels up; `CHAT_TS_FIXTURES` overrides). Undefined when absent.
 */
export function responsesFixturesRoot(): string | undefined {
  const root = resolve(__dirname, '..', '..');
  const candidates = [
    process.env.CHAT_TS_FIXTURES,
    join(root, '..', 'shared', 'fixtures'),
    join(root, '..', '..', 'shared', 'fixtures'),
  ].filter((c): c is string => typeof c === 'string');
  return candidates.find((c) => existsSync(join(c, 'MANIFEST.md')));
}

/** Non-empty lines of a `*.chunks.txt` file (one SSE data payload each). */
export function chunkLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

function firstJson(path: string): Record<string, unknown> | undefined {
  try {
    if (path.endsWith('.chunks.txt')) return JSON.parse(chunkLines(path)[0]) as Record<string, unknown>;
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** True when a vercel/ai fixture holds Responses wire data (events `response.*`, or a Response / error body). */
export function isResponsesFixture(path: string): boolean {
  const first = firstJson(path);
  if (!first) return false;
  if (path.endsWith('.chunks.txt')) return typeof first.type === 'string' && first.type.startsWith('response.');
  return first.object === 'response' || (typeof first.error === 'object' && first.error !== null);
}

/**
 * Every Responses-wire file of the recorded traffic: all of `openai-responses` and
 * `open-responses`, the Responses files of `azure` (not `azure-deepseek*`, a Chat Completions
 * recording) and of `xai`.
 */
export function responsesFixtureFiles(root: string): string[] {
  const files: string[] = [];
  for (const folder of ['openai-responses', 'open-responses', 'azure', 'xai']) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name.startsWith('azure-deepseek')) continue;
      if (/\.(ya?ml)$/.test(name)) files.push(path);
      else if ((name.endsWith('.chunks.txt') || name.endsWith('.json')) && isResponsesFixture(path)) files.push(path);
    }
  }
  return files;
}

/** One recorded HTTP exchange of a VCR cassette (pydantic-ai `.yaml` or Ruby VCR `.yml`). */
export interface CassetteExchange {
  readonly requestBody: Record<string, unknown>;
  readonly status: number;
  /** The raw response body (JSON text or the exact SSE text). */
  readonly body: string;
}

interface CassetteBody {
  readonly string?: string;
}
interface CassetteItem {
  readonly request: { readonly parsed_body?: Record<string, unknown>; readonly body?: CassetteBody };
  readonly response: { readonly status: { readonly code: number }; readonly parsed_body?: unknown; readonly body?: CassetteBody };
}

/** Reads a cassette with the `yaml` package; `!binary` bodies are base64-decoded. */
export function readCassette(path: string): CassetteExchange[] {
  const binary = { tag: '!binary', resolve: (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') };
  const doc = parseYaml(readFileSync(path, 'utf8'), { customTags: [binary] }) as { interactions?: CassetteItem[]; http_interactions?: CassetteItem[] };
  return (doc.interactions ?? doc.http_interactions ?? []).map((item) => {
    const raw = item.request.body?.string;
    const requestBody = item.request.parsed_body ?? (raw ? (JSON.parse(raw) as Record<string, unknown>) : {});
    const body = item.response.parsed_body !== undefined ? JSON.stringify(item.response.parsed_body) : (item.response.body?.string ?? '');
    return { requestBody, status: item.response.status.code, body };
  });
}

/** The `data:` payloads of a raw SSE body, split the simple way (blank-line separated frames). */
export function sseDataPayloads(body: string): string[] {
  return body
    .split(/\r?\n\r?\n/)
    .map((frame) =>
      frame
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n'),
    )
    .filter((d) => d !== '' && d !== '[DONE]');
}
