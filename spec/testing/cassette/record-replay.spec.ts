import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, Messages } from '../../../lib';
import type { ChatProvider } from '../../../lib/core/provider.types';
import { BedrockBuilder } from '../../../lib/providers/bedrock';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { GeminiBuilder } from '../../../lib/providers/gemini';
import { OllamaBuilder } from '../../../lib/providers/ollama';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { CassettePlayer, CassetteRecorder, loadCassettes, readCassetteFile } from '../../../lib/testing';

const SECRET = 'sk-live-Zq81TOPSECRETkey0123456789abcdef';

/** Starts spec/support/recorded-wire.server.ts as its own process; resolves with its origin. */
async function startWireServer(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../../support/recorded-wire.server.ts')], {
    env: { ...process.env, WIRE_KEY: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`wire server exited (${code})`)));
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}

type Origin = (cassette: string, path?: string) => string;

function providers(url: Origin, key: string): Record<string, ChatProvider> {
  return {
    anthropic: new ClaudeBuilder().withBaseUrl(url('anthropic')).withApiKey(key).withModel('claude-sonnet-4-5').build(),
    openai: new ChatCompletionsBuilder().withBaseUrl(url('openai', '/v1')).withApiKey(key).withModel('gpt-4.1-nano').build(),
    gemini: new GeminiBuilder().withBaseUrl(url('gemini', '/v1beta')).withApiKey(key).withModel('gemini-2.5-flash').build(),
    responses: new ResponsesBuilder().withBaseUrl(url('responses', '/v1')).withApiKey(key).withModel('gpt-5.3-codex').build(),
    bedrock: new BedrockBuilder().withBaseUrl(url('bedrock')).withRegion('us-east-1').withApiKey(key).withModel('us.anthropic.claude-sonnet-4-5-v1:0').build(),
  };
}

/** Ollama's own NDJSON endpoints: a pull's progress lines and a native embedding. */
async function runOllama(url: Origin, key: string): Promise<unknown> {
  const ollama = new OllamaBuilder().withBaseUrl(url('ollama', '/v1')).withApiKey(key).withModel('gemma3').withEmbeddings('embeddinggemma').build();
  const progress: Array<{ status: string; completed?: number }> = [];
  await ollama.pull('gemma3', (p) => progress.push({ status: p.status, ...(p.completed !== undefined ? { completed: p.completed } : {}) }));
  const embedded = await new ChatBuilder().withModel(ollama).withRetry(false).build().embed(['hello']);
  return { progress, vector: Array.from(embedded.vectors[0]), usage: embedded.usage };
}

/** What the app sees: a whole answer and a stream per provider, and a refused request's error. */
async function runApp(url: Origin, key: string): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const [name, provider] of Object.entries(providers(url, key))) {
    const chat = new ChatBuilder().withModel(provider).withRetry(false).build();
    const whole = await chat.complete(Messages.fromUser('Hello, how are you?'));
    const events = await lastValueFrom(chat.stream(Messages.fromUser('Tell me a story.')).pipe(toArray()));
    results[name] = { text: whole.text, usage: whole.usage, finish: whole.finishReason, events };
  }
  const refused = new ChatCompletionsBuilder().withBaseUrl(url('openai', '/v1')).withApiKey(key).withModel('gpt-refused').build();
  const error = await new ChatBuilder().withModel(refused).withRetry(false).build().complete(Messages.fromUser('hi')).catch((e: Error) => e);
  results.refused = { name: (error as Error).name, message: (error as Error).message };
  results.ollama = await runOllama(url, key);
  return results;
}

/** Response fields the app never reads, redacted in whole bodies and in every stream event (their recorded values must appear nowhere). */
const PRIVATE_FIELDS = ['system_fingerprint', 'obfuscation', 'created_at', 'response.created_at', 'digest', 'total_duration', 'load_duration', 'p', 'metrics.latencyMs'];
const PRIVATE_VALUES = ['fp_de604bd877', 'Qup1BsQ3', '1772062769', '1772062745', '74701a8c35f6c8d9', '14143917', '1019500', 'abcdefgh', '"latencyMs":1864', '"latencyMs":2040'];

/** A cassette file's text plus the decoded bytes of every base64 body and chunk in it (binary streams hide nothing). */
function everyByte(path: string): string {
  const text = readFileSync(path, 'utf8');
  const decoded: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) for (const [k, inner] of Object.entries(v)) k === 'base64' && typeof inner === 'string' ? decoded.push(Buffer.from(inner, 'base64').toString('latin1')) : walk(inner);
  };
  walk(JSON.parse(text));
  return [text, ...decoded].join('\n');
}

describe('cassettes: record real traffic through the proxy, replay it offline', () => {
  it('records every wire from a separate server process, then replays them with that process gone, with identical results and no secret in any byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-ts-cassettes-'));
    const wire = await startWireServer();
    let recorded: Record<string, unknown>;
    const recorder = await CassetteRecorder.start({ target: wire.origin, dir, redaction: { requestFields: ['metadata.user_id'], responseFields: PRIVATE_FIELDS } });
    try {
      recorded = await runApp((cassette, path = '') => recorder.url(path, cassette), SECRET);
      // a key in the URL (Gemini accepts ?key=) is used upstream but never written
      const viaQuery = await fetch(recorder.url(`/v1beta/models/gemini-2.5-flash:generateContent?key=${SECRET}`, 'gemini-query'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
      });
      expect(viaQuery.status).toBe(200);
    } finally {
      await recorder.close();
      wire.child.kill('SIGTERM');
      await new Promise((r) => wire.child.once('exit', r));
    }
    await expect(fetch(`${wire.origin}/v1/messages`)).rejects.toThrow();

    expect(readdirSync(dir).sort()).toEqual([
      'anthropic.cassette.json',
      'bedrock.cassette.json',
      'gemini-query.cassette.json',
      'gemini.cassette.json',
      'ollama.cassette.json',
      'openai.cassette.json',
      'responses.cassette.json',
    ]);
    expect((recorded.anthropic as { text: string }).text).toContain("Hello! I'm doing well");
    expect((recorded.responses as { text: string }).text).toContain('latest AI updates');
    expect((recorded.bedrock as { text: string }).text).toContain('There are **3**');
    expect((recorded.ollama as { progress: Array<{ status: string }> }).progress.map((p) => p.status).at(-1)).toBe('success');
    expect((recorded.refused as { name: string }).name).toBe('AuthenticationError');

    for (const file of readdirSync(dir)) {
      const bytes = everyByte(join(dir, file));
      for (let i = 0; i + 12 <= SECRET.length; i++) expect(bytes).not.toContain(SECRET.slice(i, i + 12));
      expect(bytes).not.toMatch(/authorization|x-api-key|x-goog-api-key/i);
      for (const value of PRIVATE_VALUES) expect(`${file}: ${bytes.includes(value) ? value : 'clean'}`).toBe(`${file}: clean`);
    }
    const raw = (name: string): string => readFileSync(join(dir, `${name}.cassette.json`), 'utf8');
    // the private values were really there to redact: the app saw them while recording
    expect(raw('openai')).toContain('"system_fingerprint": "[REDACTED]"');
    expect(raw('openai')).toContain('\\"obfuscation\\":\\"[REDACTED]\\"');
    expect(raw('responses')).toContain('\\"created_at\\":\\"[REDACTED]\\"');
    expect(raw('ollama')).toContain('\\"digest\\":\\"[REDACTED]\\"');
    const ollama = readCassetteFile(join(dir, 'ollama.cassette.json'));
    expect(ollama.interactions.map((i) => `${i.request.path} ${i.response.headers['content-type']} ${i.response.chunks ? 'chunks' : 'body'}`)).toEqual([
      '/api/pull application/x-ndjson chunks',
      '/api/embed application/json body',
    ]);
    const bedrock = readCassetteFile(join(dir, 'bedrock.cassette.json'));
    expect(bedrock.interactions.map((i) => i.request.path)).toEqual(['/model/us.anthropic.claude-sonnet-4-5-v1%3A0/converse', '/model/us.anthropic.claude-sonnet-4-5-v1%3A0/converse-stream']);
    expect(bedrock.interactions[1].response.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    expect(bedrock.interactions[1].response.chunks!.length).toBeGreaterThan(1);
    // the event-stream frames were rewritten with their padding redacted (and still decode: replay below)
    expect(everyByte(join(dir, 'bedrock.cassette.json'))).toContain('"p":"[REDACTED]"');
    const openai = readCassetteFile(join(dir, 'openai.cassette.json'));
    expect(openai.interactions.map((i) => i.response.status)).toEqual([200, 200, 403]);
    expect(JSON.stringify(openai.interactions[2].response.body)).toContain('[REDACTED]');
    const stream = openai.interactions[1].response;
    expect(stream.chunks!.length).toBeGreaterThan(100);
    expect(stream.chunks!.at(-1)!.text).toBe('data: [DONE]\n\n');
    const gemini = readCassetteFile(join(dir, 'gemini.cassette.json'));
    expect(gemini.interactions[1].request.query).toEqual({ alt: 'sse' });
    expect(gemini.interactions[1].response.chunks![0].text).toMatch(/\r\n\r\n$/);
    expect(readCassetteFile(join(dir, 'gemini-query.cassette.json')).interactions[0].request.query).toEqual({});

    const player = new CassettePlayer(loadCassettes(dir));
    const emulator = await player.start();
    try {
      const replayed = await runApp((cassette, path = '') => emulator.url(path, cassette), 'replay-key');
      expect(replayed).toEqual(recorded);
      expect(player.misses()).toEqual([]);
      player.assertAllMatched();
    } finally {
      await emulator.close();
    }

    // the original chunk timing replays the same bytes, just paced as recorded
    const paced = new CassettePlayer(loadCassettes(dir), { timing: 'original' });
    const pacedEmulator = await paced.start();
    try {
      const again = await runApp((cassette, path = '') => pacedEmulator.url(path, cassette), 'replay-key');
      expect(again).toEqual(recorded);
    } finally {
      await pacedEmulator.close();
    }
  }, 60_000);
});
