import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, Messages } from '../../../lib';
import type { ChatProvider } from '../../../lib/core/provider.types';
import { ClaudeBuilder } from '../../../lib/providers/claude';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { GeminiBuilder } from '../../../lib/providers/gemini';
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
  };
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
  return results;
}

describe('cassettes: record real traffic through the proxy, replay it offline', () => {
  it('records three wires from a separate server process, then replays them with that process gone, with identical results and no secret in any byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-ts-cassettes-'));
    const wire = await startWireServer();
    let recorded: Record<string, unknown>;
    const recorder = await CassetteRecorder.start({ target: wire.origin, dir, redaction: { requestFields: ['metadata.user_id'] } });
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

    expect(readdirSync(dir).sort()).toEqual(['anthropic.cassette.json', 'gemini-query.cassette.json', 'gemini.cassette.json', 'openai.cassette.json']);
    expect((recorded.anthropic as { text: string }).text).toContain("Hello! I'm doing well");
    expect((recorded.refused as { name: string }).name).toBe('AuthenticationError');

    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file), 'utf8');
      for (let i = 0; i + 12 <= SECRET.length; i++) expect(bytes).not.toContain(SECRET.slice(i, i + 12));
      expect(bytes).not.toMatch(/authorization|x-api-key|x-goog-api-key/i);
    }
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
