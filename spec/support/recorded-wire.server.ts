/*
 * A stand-in for the real provider APIs, run as a SEPARATE process (not the emulator): it answers
 * Anthropic Messages, OpenAI Chat Completions and Responses, Gemini generateContent, Ollama's native
 * NDJSON endpoints (`/api/pull`, `/api/embed`) and Bedrock Converse / ConverseStream (AWS
 * event-stream frames, encoded with the AWS SDK's codec) with recorded live traffic from
 * ../shared/fixtures, framed as each API frames it, and checks the API key like the real APIs.
 * Usage: node -r ts-node/register/transpile-only recorded-wire.server.ts  (env WIRE_KEY = the key
 * to accept). Prints `PORT <n>` once it listens; stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const FIXTURES = join(__dirname, '../../../shared/fixtures');
const KEY = process.env.WIRE_KEY ?? '';
const lines = (file: string): string[] => readFileSync(join(FIXTURES, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function json(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'request-id': `req_${Date.now()}`, ...headers });
  res.end(body);
}

async function stream(res: ServerResponse, frames: Array<string | Uint8Array>, contentType = 'text/event-stream; charset=utf-8'): Promise<void> {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', 'x-request-id': 'req_stream' });
  for (const frame of frames) {
    await new Promise<void>((r) => res.write(frame, () => r()));
    await sleep(3);
  }
  res.end();
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
/** One Bedrock ConverseStream frame: `{"contentBlockDelta":{...}}` becomes event `contentBlockDelta` with that payload. */
function bedrockFrame(line: string): Uint8Array {
  const [[type, payload]] = Object.entries(JSON.parse(line) as Record<string, unknown>);
  const str = (value: string) => ({ type: 'string' as const, value });
  // live payloads carry a padding member `p` (a prefix of a-zA-Z0-9)
  const padded = { ...(payload as object), p: 'abcdefghijklmnopqrstuvwxyzABCDEFGH'.slice(0, 8 + (line.length % 26)) };
  return codec.encode({ headers: { ':event-type': str(type), ':content-type': str('application/json'), ':message-type': str('event') }, body: fromUtf8(JSON.stringify(padded)) });
}

/** Ollama's `/api/pull` progress, as NDJSON lines (one per layer step). */
const PULL = [
  { status: 'pulling manifest' },
  { status: 'pulling 74701a8c35f6', digest: 'sha256:74701a8c35f6c8d9a4b91f3f3497643001d63e0c7a84e085bed452548fa88d45', total: 1321082688, completed: 0 },
  { status: 'pulling 74701a8c35f6', digest: 'sha256:74701a8c35f6c8d9a4b91f3f3497643001d63e0c7a84e085bed452548fa88d45', total: 1321082688, completed: 1321082688 },
  { status: 'verifying sha256 digest' },
  { status: 'writing manifest' },
  { status: 'success' },
];

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
    if (url.pathname === '/v1/responses') {
      if (req.headers.authorization !== `Bearer ${KEY}`) return json(res, 401, '{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}');
      if (body.stream) return void stream(res, lines('openai-responses/openai-phase.1.chunks.txt').map((l) => `event: ${(JSON.parse(l) as { type: string }).type}\ndata: ${l}\n\n`));
      return json(res, 200, readFileSync(join(FIXTURES, 'openai-responses/openai-phase.1.json'), 'utf8'));
    }
    if (url.pathname === '/api/pull' || url.pathname === '/api/embed') {
      if (req.headers.authorization !== `Bearer ${KEY}`) return json(res, 401, '{"error":"unauthorized"}');
      if (url.pathname === '/api/embed') return json(res, 200, JSON.stringify({ model: body.model, embeddings: [[0.0125, -0.5, 0.25, 0.875]], total_duration: 14143917, load_duration: 1019500, prompt_eval_count: 8 }));
      return void stream(res, PULL.map((p) => `${JSON.stringify(p)}\n`), 'application/x-ndjson');
    }
    const bedrock = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(url.pathname);
    if (bedrock) {
      if (req.headers.authorization !== `Bearer ${KEY}`) return json(res, 403, '{"message":"Authentication failed: Please make sure your API Key is valid."}', { 'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/' });
      if (bedrock[2] === 'converse-stream') return void stream(res, lines('amazon-bedrock/amazon-bedrock-text.chunks.txt').map(bedrockFrame), 'application/vnd.amazon.eventstream');
      return json(res, 200, readFileSync(join(FIXTURES, 'amazon-bedrock/amazon-bedrock-text.json'), 'utf8'), { 'x-amzn-requestid': 'b2f3c1aa-0000-4000-8000-000000000001' });
    }
    json(res, 404, '{"error":{"message":"not found"}}');
  });
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
