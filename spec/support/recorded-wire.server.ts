/*
 * A stand-in for the real provider APIs, run as a SEPARATE process (not the emulator): it answers
 * Anthropic Messages, OpenAI Chat Completions and Gemini generateContent with recorded live traffic
 * from ../shared/fixtures, framed as each API frames it, and checks the API key like the real APIs.
 * Usage: node -r ts-node/register/transpile-only recorded-wire.server.ts  (env WIRE_KEY = the key
 * to accept). Prints `PORT <n>` once it listens; stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '../../../shared/fixtures');
const KEY = process.env.WIRE_KEY ?? '';
const lines = (file: string): string[] => readFileSync(join(FIXTURES, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function json(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'request-id': `req_${Date.now()}`, ...headers });
  res.end(body);
}

async function stream(res: ServerResponse, frames: string[]): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': 'req_stream' });
  for (const frame of frames) {
    await new Promise<void>((r) => res.write(frame, () => r()));
    await sleep(3);
  }
  res.end();
}

const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = parts.length ? (JSON.parse(Buffer.concat(parts).toString('utf8')) as { stream?: boolean; model?: string }) : {};
    if (url.pathname === '/v1/messages') {
      if (req.headers['x-api-key'] !== KEY) return json(res, 401, '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}');
      if (body.stream) return void stream(res, lines('anthropic/anthropic-text.chunks.txt').map((l) => `event: ${(JSON.parse(l) as { type: string }).type}\ndata: ${l}\n\n`));
      return json(res, 200, readFileSync(join(FIXTURES, 'anthropic/anthropic-text.json'), 'utf8'), { 'anthropic-ratelimit-requests-remaining': '49' });
    }
    if (url.pathname === '/v1/chat/completions') {
      if (req.headers.authorization !== `Bearer ${KEY}`) return json(res, 401, '{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}');
      // Like api.openai.com with a key it refuses, this echoes the key it was sent (the recorder must scrub it).
      if (body.model === 'gpt-refused') return json(res, 403, JSON.stringify({ error: { message: `Project of key ${KEY} has no access to gpt-refused`, type: 'invalid_request_error', code: 'model_not_found' } }));
      if (body.stream) return void stream(res, [...lines('openai-chat/openai-text.chunks.txt').map((l) => `data: ${l}\n\n`), 'data: [DONE]\n\n']);
      return json(res, 200, readFileSync(join(FIXTURES, 'openai-chat/openai-text.json'), 'utf8'), { 'x-ratelimit-remaining-requests': '9999' });
    }
    const gemini = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    if (gemini) {
      if ((req.headers['x-goog-api-key'] ?? url.searchParams.get('key')) !== KEY) return json(res, 400, '{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT"}}');
      if (gemini[2] === 'streamGenerateContent') return void stream(res, lines('google/google-text.chunks.txt').map((l) => `data: ${l}\r\n\r\n`));
      return json(res, 200, readFileSync(join(FIXTURES, 'google/google-text.json'), 'utf8'));
    }
    json(res, 404, '{"error":{"message":"not found"}}');
  });
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
