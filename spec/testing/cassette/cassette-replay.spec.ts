import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
