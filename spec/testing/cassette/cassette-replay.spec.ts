import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatBuilder, Messages } from '../../../lib';
import { CassetteFormatError, CassetteMismatchError, ConfigurationError } from '../../../lib/errors';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { exponentialBackoff } from '../../../lib/retry';
import {
  CASSETTE_FORMAT,
  CASSETTE_REPLAY_KEY,
  CASSETTE_VERSION,
  CassettePlayer,
  openCassette,
  parseCassette,
  useCassette,
  writeCassetteFile,
  type Cassette,
  type CassetteInteraction,
  type ProviderEmulator,
} from '../../../lib/testing';
import { FixtureServer } from '../../support/fixture-server';

const completion = (text: string): string =>
  JSON.stringify({ id: 'c', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] });

function exchange(body: object, status: number, response: string): CassetteInteraction {
  return {
    recordedAt: new Date(0).toISOString(),
    latencyMs: 0,
    request: { method: 'POST', path: '/v1/chat/completions', query: {}, headers: {}, body: { json: body as never } },
    response: { status, headers: { 'content-type': 'application/json' }, body: { text: response } },
  };
}

const cassetteOf = (...interactions: CassetteInteraction[]): Cassette => ({ format: CASSETTE_FORMAT, version: CASSETTE_VERSION, name: 'c', interactions });
const provider = (url: string, model = 'm', key = 'k') => new ChatCompletionsBuilder().withBaseUrl(url).withApiKey(key).withModel(model).build();
const sent = (content: string, model = 'm', extra: object = {}) => ({ model, messages: [{ role: 'user', content }], ...extra });

describe('cassettes: replay matching', () => {
  let emulator: ProviderEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('answers identical requests with their recordings in order (a recorded 429 then 200 replays as a retry that succeeds)', async () => {
    const player = new CassettePlayer(cassetteOf(exchange(sent('hi'), 429, '{"error":{"message":"slow down","type":"rate_limit"}}'), exchange(sent('hi'), 200, completion('after the retry'))));
    emulator = await player.start();
    const chat = new ChatBuilder().withModel(provider(emulator.url('/v1'))).withRetry(exponentialBackoff({ maxAttempts: 2, initialDelayMs: 1 })).build();
    expect((await chat.complete(Messages.fromUser('hi'))).text).toBe('after the retry');
    expect(player.unused()).toEqual([]);
  });

  it('fails loudly on an unmatched request: HTTP 400 cassette_mismatch with the nearest recording and the differing fields, and assertAllMatched() throws', async () => {
    const player = new CassettePlayer(cassetteOf(exchange(sent('hello', 'gpt-a'), 200, completion('x')), exchange(sent('bye', 'gpt-b'), 200, completion('y'))));
    emulator = await player.start();
    const res = await fetch(emulator.url('/v1/chat/completions'), { method: 'POST', body: JSON.stringify(sent('hello!', 'gpt-a')) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { type: string; message: string; differences: unknown[] } };
    expect(body.error.type).toBe('cassette_mismatch');
    expect(body.error.differences).toEqual([{ path: 'body.messages[0].content', recorded: 'hello', received: 'hello!' }]);
    expect(body.error.message).toContain('nearest recorded: POST /v1/chat/completions');
    expect(player.misses()).toHaveLength(1);
    expect(() => player.assertAllMatched()).toThrow(CassetteMismatchError);
    expect(() => player.assertAllMatched()).toThrow(/"hello"[\s\S]*"hello!"/);
  });

  it('matches by a configurable key: ignored body fields, the recorder’s redactions, or the model only', async () => {
    const recorded = cassetteOf(exchange(sent('hi', 'm', { user: '[REDACTED]', metadata: { run: 1 } }), 200, completion('matched')));
    const lenient = new CassettePlayer(recorded, { ignoreBodyFields: ['metadata'], redactedBodyFields: ['user'] });
    emulator = await lenient.start();
    const res = await fetch(emulator.url('/v1/chat/completions'), { method: 'POST', body: JSON.stringify(sent('hi', 'm', { user: 'alice@example.com', metadata: { run: 2 } })) });
    expect(res.status).toBe(200);
    await emulator.close();

    const strict = new CassettePlayer(recorded);
    emulator = await strict.start();
    const refused = await fetch(emulator.url('/v1/chat/completions'), { method: 'POST', body: JSON.stringify(sent('hi', 'm', { user: 'alice@example.com', metadata: { run: 2 } })) });
    expect(refused.status).toBe(400);
    expect(strict.misses()[0].differences.map((d) => d.path).sort()).toEqual(['body.metadata.run', 'body.user']);
    await emulator.close();

    const byModel = new CassettePlayer(recorded, { on: ['model'] });
    emulator = await byModel.start();
    expect((await provider(emulator.url('/v1'), 'm').complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'anything' }] }] })).parts).toEqual([{ type: 'text', text: 'matched' }]);
    await expect(provider(emulator.url('/v1'), 'other').complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'anything' }] }] })).rejects.toThrow(/model:[\s\S]*"m"[\s\S]*"other"/);
  });

  it('refuses cassettes of another format or version with a typed error naming the file', () => {
    expect(() => parseCassette({ format: CASSETTE_FORMAT, version: 2, interactions: [] }, 'x.cassette.json')).toThrow(CassetteFormatError);
    expect(() => parseCassette({ format: CASSETTE_FORMAT, version: 2, interactions: [] }, 'x.cassette.json')).toThrow(/x\.cassette\.json: version 2 is not supported/);
    expect(() => parseCassette({ format: 'vcr', version: 1, interactions: [] })).toThrow(/format is "vcr"/);
    expect(() => parseCassette({ format: CASSETTE_FORMAT, version: 1, interactions: [{ request: {} }] })).toThrow(/interaction 0 has no request method/);
    expect(() => new CassettePlayer('/nonexistent/dir')).toThrow(CassetteFormatError);
  });
});

/** POSTs over a raw socket and returns each HTTP/1.1 chunk of the answer with the ms it arrived after the first. */
async function rawChunks(url: string, body: string): Promise<Array<{ text: string; at: number }>> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  const arrivals: Array<{ bytes: number; time: number }> = [];
  const parts: Buffer[] = [];
  socket.on('data', (d: Buffer) => {
    parts.push(d);
    arrivals.push({ bytes: (arrivals.at(-1)?.bytes ?? 0) + d.length, time: Date.now() });
  });
  socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  await new Promise((resolve) => socket.on('close', resolve));
  const raw = Buffer.concat(parts);
  let at = raw.indexOf('\r\n\r\n') + 4;
  expect(raw.subarray(0, at).toString()).toMatch(/transfer-encoding: chunked/i);
  const chunks: Array<{ text: string; time: number }> = [];
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    const size = parseInt(raw.subarray(at, eol).toString(), 16);
    if (!size) break;
    const end = eol + 2 + size;
    chunks.push({ text: raw.subarray(eol + 2, end).toString(), time: arrivals.find((a) => a.bytes >= end)!.time });
    at = end + 2;
  }
  return chunks.map((c) => ({ text: c.text, at: c.time - chunks[0].time }));
}

describe('cassettes: streams replay with their recorded chunking', () => {
  const DELAY = 300;
  const frames = ['data: {"n":1}\n\n', 'data: {"n":2}\n\n', 'data: [DONE]\n\n'];
  const streamed: Cassette = cassetteOf({
    ...exchange(sent('stream please', 'm', { stream: true }), 200, ''),
    response: { status: 200, headers: { 'content-type': 'text/event-stream' }, chunks: frames.map((text, i) => ({ delayMs: i === 0 ? 0 : DELAY, text })) },
  });

  it.each(['original', 'instant'] as const)('timing %s: every recorded chunk arrives as its own HTTP chunk, same bytes', async (timing) => {
    const emulator = await new CassettePlayer(streamed, { timing }).start();
    try {
      const chunks = await rawChunks(emulator.url('/v1/chat/completions'), JSON.stringify(sent('stream please', 'm', { stream: true })));
      expect(chunks.map((c) => c.text)).toEqual(frames);
      const gaps = chunks.slice(1).map((c, i) => c.at - chunks[i].at);
      if (timing === 'original') for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(DELAY - 5);
      else expect(chunks.at(-1)!.at).toBeLessThan(DELAY);
    } finally {
      await emulator.close();
    }
  });
});

describe('cassettes: openCassette / useCassette modes', () => {
  const ask = (text: string) => ({ messages: [{ role: 'user' as const, parts: [{ type: 'text' as const, text }] }] });

  it('records on the first run when the key is set, replays offline afterwards, re-records with CHAT_TS_RECORD=1, and says what is missing otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-ts-use-cassette-'));
    const real = await FixtureServer.start();
    real.setDefault((r) => ({ headers: { 'content-type': 'application/json' }, body: completion(`real answer to ${(r.json as { messages: Array<{ content: string }> }).messages[0].content}`) }));
    const options = { dir, target: real.url(), apiKeyEnv: 'TEST_PROVIDER_KEY' };
    try {
      const first = openCassette('modes', { ...options, env: { TEST_PROVIDER_KEY: 'sk-modes-secret-123456789' } });
      await first.start();
      expect(first.mode).toBe('record');
      expect((await provider(first.url('/v1'), 'm', first.apiKey).complete(ask('q1'))).parts).toEqual([{ type: 'text', text: 'real answer to q1' }]);
      await first.stop();
      expect(existsSync(first.file)).toBe(true);
      expect(readFileSync(first.file, 'utf8')).not.toContain('sk-modes-secret');
      expect(real.requests).toHaveLength(1);

      const second = openCassette('modes', { ...options, env: {} });
      await second.start();
      expect(second.mode).toBe('replay');
      expect(second.apiKey).toBe(CASSETTE_REPLAY_KEY);
      expect((await provider(second.url('/v1'), 'm', second.apiKey).complete(ask('q1'))).parts).toEqual([{ type: 'text', text: 'real answer to q1' }]);
      await expect(provider(second.url('/v1'), 'm', second.apiKey).complete(ask('q2'))).rejects.toThrow(/cassette_mismatch|no recorded request/);
      await expect(second.stop()).rejects.toThrow(CassetteMismatchError);
      expect(real.requests).toHaveLength(1);

      const forced = openCassette('modes', { ...options, env: { CHAT_TS_RECORD: '1', TEST_PROVIDER_KEY: 'sk-modes-secret-123456789' } });
      await forced.start();
      expect(forced.mode).toBe('record');
      await provider(forced.url('/v1'), 'm', forced.apiKey).complete(ask('q2'));
      await forced.stop();
      expect(real.requests).toHaveLength(2);

      await expect(openCassette('modes', { ...options, env: { CHAT_TS_RECORD: '1' } }).start()).rejects.toThrow(ConfigurationError);
      await expect(openCassette('never-recorded', { ...options, env: {} }).start()).rejects.toThrow(/never-recorded\.cassette\.json does not exist yet, and recording needs the API key in TEST_PROVIDER_KEY/);
    } finally {
      await real.close();
    }
  });

  it('reads CHAT_TS_RECORD and the key from process.env by default: =1 re-records a cassette that exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-ts-use-cassette-env-'));
    writeCassetteFile(join(dir, 'env.cassette.json'), { ...cassetteOf(exchange(sent('q'), 200, completion('old recording'))), name: 'env' });
    const real = await FixtureServer.start();
    real.setDefault(() => ({ headers: { 'content-type': 'application/json' }, body: completion('fresh from the server') }));
    const saved = { record: process.env.CHAT_TS_RECORD, key: process.env.CHAT_TS_SPEC_ENV_KEY };
    try {
      process.env.CHAT_TS_SPEC_ENV_KEY = 'sk-env-secret-0123456789';
      const replaying = openCassette('env', { dir, target: real.url(), apiKeyEnv: 'CHAT_TS_SPEC_ENV_KEY' });
      delete process.env.CHAT_TS_RECORD;
      await replaying.start();
      expect(replaying.mode).toBe('replay');
      expect((await provider(replaying.url('/v1'), 'm', replaying.apiKey).complete(ask('q'))).parts).toEqual([{ type: 'text', text: 'old recording' }]);
      await replaying.stop();

      process.env.CHAT_TS_RECORD = '1';
      const forced = openCassette('env', { dir, target: real.url(), apiKeyEnv: 'CHAT_TS_SPEC_ENV_KEY' });
      await forced.start();
      expect(forced.mode).toBe('record');
      expect((await provider(forced.url('/v1'), 'm', forced.apiKey).complete(ask('q'))).parts).toEqual([{ type: 'text', text: 'fresh from the server' }]);
      await forced.stop();
      expect(real.requests).toHaveLength(1);
      expect(readFileSync(forced.file, 'utf8')).toContain('fresh from the server');
      expect(readFileSync(forced.file, 'utf8')).not.toContain('old recording');
      expect(readFileSync(forced.file, 'utf8')).not.toContain('sk-env-secret');
    } finally {
      for (const [name, value] of [['CHAT_TS_RECORD', saved.record], ['CHAT_TS_SPEC_ENV_KEY', saved.key]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await real.close();
    }
  });

  describe('useCassette() inside a describe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-ts-use-cassette-jest-'));
    writeCassetteFile(join(dir, 'jest.cassette.json'), { ...cassetteOf(exchange(sent('from jest'), 200, completion('replayed in jest'))), name: 'jest' });
    const cassette = useCassette('jest', { dir, target: 'http://127.0.0.1:9', apiKeyEnv: 'UNSET_KEY_FOR_THIS_SPEC' });

    it('replays through the hooks Jest runs', async () => {
      expect(cassette.mode).toBe('replay');
      expect((await provider(cassette.url('/v1'), 'm', cassette.apiKey).complete(ask('from jest'))).parts).toEqual([{ type: 'text', text: 'replayed in jest' }]);
    });
  });
});
