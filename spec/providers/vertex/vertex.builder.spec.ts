import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import type { ProviderRequest } from '../../../lib/core/provider.types';
import { AuthenticationError, ConfigurationError } from '../../../lib/errors';
import { ClaudeProvider, VertexClaudeBuilder, VertexGeminiBuilder, VertexGeminiProvider } from '../../../lib/providers/vertex';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { FixtureServer } from '../../support/fixture-server';

const ask: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hello' }] }] };
const TOKEN = 'ya29.vertex-test-token-0123456789';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('Vertex AI builders', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  const last = () => emulator.requests().at(-1)!;

  describe('Gemini on Vertex', () => {
    const gemini = () => new VertexGeminiBuilder().withModel('gemini-2.5-flash').withProject('my-project').withLocation('europe-west4').withBaseUrl(emulator.url()).withTokenProvider(() => TOKEN);

    it('calls the project/location model path with an OAuth bearer token, whole and streamed, through the Gemini mappers', async () => {
      const provider: VertexGeminiProvider = gemini().build();
      emulator.script([{ text: 'Bonjour de Vertex.' }, { text: 'Streamed from Vertex.' }]);
      const answer = await provider.complete(ask);
      expect(answer.parts[0]).toMatchObject({ type: 'text', text: 'Bonjour de Vertex.' });
      expect(last()).toMatchObject({ wire: 'vertex', path: '/v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent' });
      expect(last().headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(last().headers['x-goog-api-key']).toBeUndefined();
      const events = await lastValueFrom(provider.stream(ask).pipe(toArray()));
      expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.delta : '')).join('')).toBe('Streamed from Vertex.');
      expect(last()).toMatchObject({ path: '/v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent', query: 'alt=sse' });
    });

    it('derives the endpoint from the location: regional host, or the global one', () => {
      const regional = new VertexGeminiBuilder().withModel('m').withProject('p').withLocation('us-east1').withTokenProvider(() => TOKEN).build();
      expect(regional.baseUrl).toBe('https://us-east1-aiplatform.googleapis.com/v1/projects/p/locations/us-east1/publishers/google');
      const global = new VertexGeminiBuilder().withModel('m').withProject('p').withLocation('global').withTokenProvider(() => TOKEN).build();
      expect(global.baseUrl).toBe('https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google');
    });

    it('embeds through :predict with task type and dimensions, vectors in order with token usage', async () => {
      const provider = gemini().withEmbeddings('text-embedding-005').build();
      const result = await provider.embed({ texts: ['one two', 'three'], dimensions: 16, taskType: 'retrieval-document' });
      expect(result.vectors).toHaveLength(2);
      expect(result.dimensions).toBe(16);
      expect(result.usage).toEqual({ inputTokens: 3, totalTokens: 3 });
      expect(last()).toMatchObject({
        path: '/v1/projects/my-project/locations/europe-west4/publishers/google/models/text-embedding-005:predict',
        body: { instances: [{ content: 'one two', task_type: 'RETRIEVAL_DOCUMENT' }, { content: 'three', task_type: 'RETRIEVAL_DOCUMENT' }], parameters: { outputDimensionality: 16 } },
      });
    });

    it('the emulator refuses requests without a token (a 401 as AuthenticationError)', async () => {
      const res = await fetch(emulator.url('/v1/projects/p/locations/global/publishers/google/models/m:generateContent'), { method: 'POST', body: '{}' });
      expect(res.status).toBe(401);
      const provider = new VertexGeminiBuilder().withModel('m').withProject('p').withBaseUrl(emulator.url()).withTokenProvider(() => Promise.reject(new Error('metadata server unreachable'))).build();
      const error = await failure(provider.complete(ask));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toContain('metadata server unreachable');
    });
  });

  describe('Claude on Vertex', () => {
    const claude = () =>
      new VertexClaudeBuilder().withModel('claude-sonnet-4-5@20250929').withProject('my-project').withLocation('us-east5').withBaseUrl(emulator.url()).withTokenProvider(() => TOKEN);

    it("sends Anthropic's Vertex request shape: model in the URL, anthropic_version in the body, a bearer token and no x-api-key", async () => {
      const provider: ClaudeProvider = claude().build();
      emulator.script([{ text: 'Claude on Vertex.' }, { text: 'Streamed Claude.' }]);
      expect((await provider.complete(ask)).parts[0]).toMatchObject({ type: 'text', text: 'Claude on Vertex.' });
      const whole = last();
      expect(whole.path).toBe('/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5%4020250929:rawPredict');
      expect(whole.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', messages: [{ role: 'user' }] });
      expect(whole.body).not.toHaveProperty('model');
      expect(whole.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(whole.headers['x-api-key']).toBeUndefined();
      expect(whole.headers['anthropic-version']).toBeUndefined();
      const events = await lastValueFrom(provider.stream(ask).pipe(toArray()));
      expect(events.at(-1)).toMatchObject({ type: 'step-finish' });
      expect(last().path).toMatch(/claude-sonnet-4-5%4020250929:streamRawPredict$/);
      expect(last().body).toMatchObject({ stream: true, anthropic_version: 'vertex-2023-10-16' });
    });

    it('takes no API key', () => {
      expect(() => new VertexClaudeBuilder().withApiKey('sk-ant-0123456789')).toThrow(/takes no API key/);
    });
  });

  describe('configuration', () => {
    const names = ['GOOGLE_VERTEX_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'GOOGLE_VERTEX_LOCATION', 'GOOGLE_CLOUD_LOCATION', 'GOOGLE_VERTEX_API_KEY'];
    const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
    beforeEach(() => names.forEach((n) => delete process.env[n]));
    afterAll(() => names.forEach((n) => (saved[n] === undefined ? delete process.env[n] : (process.env[n] = saved[n]))));

    it('reads the project and location from the environment', () => {
      process.env.GOOGLE_CLOUD_PROJECT = 'env-project';
      process.env.GOOGLE_CLOUD_LOCATION = 'asia-northeast1';
      const provider = new VertexGeminiBuilder().withModel('m').withTokenProvider(() => TOKEN).build();
      expect(provider.baseUrl).toBe('https://asia-northeast1-aiplatform.googleapis.com/v1/projects/env-project/locations/asia-northeast1/publishers/google');
    });

    it('express mode: GOOGLE_VERTEX_API_KEY, no project, the key in x-goog-api-key', async () => {
      process.env.GOOGLE_VERTEX_API_KEY = 'vertex-express-key-0123456789';
      const provider = new VertexGeminiBuilder().withModel('gemini-2.5-flash').withBaseUrl(emulator.url()).build();
      emulator.script([{ text: 'express' }]);
      await provider.complete(ask);
      expect(last().path).toBe('/v1/publishers/google/models/gemini-2.5-flash:generateContent');
      expect(last().headers['x-goog-api-key']).toBe('vertex-express-key-0123456789');
    });

    it('fails with ConfigurationErrors that say what is missing', () => {
      expect(() => new VertexGeminiBuilder().withModel('m').withTokenProvider(() => TOKEN).build()).toThrow(/no Google Cloud project.*GOOGLE_CLOUD_PROJECT/);
      expect(() => new VertexClaudeBuilder().withModel('m').withTokenProvider(() => TOKEN).build()).toThrow(ConfigurationError);
      expect(() => new VertexGeminiBuilder().withModel('m').withProject('p').withLocation('US East!').withTokenProvider(() => TOKEN).build()).toThrow(/not a Vertex AI location/);
    });
  });

  describe('Application Default Credentials through google-auth-library', () => {
    let sts: FixtureServer;
    let dir: string;
    beforeAll(async () => {
      sts = await FixtureServer.start();
      dir = mkdtempSync(join(tmpdir(), 'chat-ts-adc-'));
    });
    afterAll(async () => {
      await sts.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('refreshes an ADC user credential (key file) at a local token endpoint, caches it, and sends the access token', async () => {
      const keyFile = join(dir, 'adc.json');
      writeFileSync(keyFile, JSON.stringify({ type: 'authorized_user', client_id: 'local-client', client_secret: 'local-secret-0123456789', refresh_token: 'refresh-abcdef' }));
      sts.setDefault({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: 'ya29.from-local-token-endpoint', expires_in: 3600, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/cloud-platform' }),
      });
      const provider = new VertexGeminiBuilder()
        .withModel('gemini-2.5-flash')
        .withProject('adc-project')
        .withLocation('global')
        .withBaseUrl(emulator.url())
        .withGoogleAuth({ keyFilename: keyFile, clientOptions: { endpoints: { oauth2TokenUrl: sts.url('/token') } } })
        .build();
      emulator.script([{ text: 'one' }, { text: 'two' }]);
      await provider.complete(ask);
      await provider.complete(ask);
      expect(emulator.requests().map((r) => r.headers.authorization)).toEqual(['Bearer ya29.from-local-token-endpoint', 'Bearer ya29.from-local-token-endpoint']);
      expect(sts.requests).toHaveLength(1);
      const form = new URLSearchParams(sts.requests[0].body);
      expect(form.get('grant_type')).toBe('refresh_token');
      expect(form.get('refresh_token')).toBe('refresh-abcdef');
      expect(form.get('client_id')).toBe('local-client');
    });
  });
});
