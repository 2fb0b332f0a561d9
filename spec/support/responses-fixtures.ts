import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readChunkLines, readExchanges } from './fixtures';

function firstJson(path: string): Record<string, unknown> | undefined {
  try {
    if (path.endsWith('.chunks.txt')) return JSON.parse(readChunkLines(path)[0]) as Record<string, unknown>;
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

/** The exchanges of a VCR cassette (see `readExchanges`), with the request body parsed. */
export function readCassette(path: string): CassetteExchange[] {
  return readExchanges(path).map((exchange) => ({
    requestBody: exchange.requestBody ? (JSON.parse(exchange.requestBody) as Record<string, unknown>) : {},
    status: exchange.status,
    body: exchange.body,
  }));
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
