import { InvalidRequestError, InvalidResponseError, QuotaExceededError, UnsupportedFeatureError } from '../../../lib/errors';
import { OpenAIBuilder } from '../../../lib/providers/openai';
import { decodeBase64Embedding } from '../../../lib/providers/openai/openai-embeddings.mapper';
import { ProviderEmulator, emulatedEmbedding } from '../../../lib/testing/emulator';
import { openAIEmbeddingsTestWire } from '../../support/responses-embeddings-wire';
import { ResponsesFixtureServer } from '../../support/responses-fixture-server';
import { rejection } from '../../support/responses-helpers';

describe('OpenAI embeddings', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start({ wires: [openAIEmbeddingsTestWire] })));
  afterAll(() => emulator.close());

  const build = (encoding?: 'float' | 'base64') =>
    new OpenAIBuilder().withCustomUrl(emulator.url('/v1')).withApiKey('sk-embed-test-424242').withModel('gpt-5-mini').withEmbeddings('text-embedding-3-small', { encoding }).build();

  it.each(['float', 'base64'] as const)('returns Float32Array vectors in input order (%s)', async (encoding) => {
    const texts = ['alpha', 'beta', 'gamma'];
    const result = await build(encoding).embed({ texts });
    expect(result.vectors).toHaveLength(3);
    result.vectors.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      const expected = emulatedEmbedding(texts[i]);
      expect(Array.from(v)).toEqual(expected.map((x) => Math.fround(x)));
    });
    expect(result).toMatchObject({ dimensions: 8, model: 'text-embedding-3-small', provider: 'openai', usage: { inputTokens: 9, totalTokens: 9 } });
    const body = emulator.requests()[emulator.requests().length - 1].body;
    expect(body).toEqual({ model: 'text-embedding-3-small', input: texts, encoding_format: encoding });
  });

  it('sends dimensions and per-call encoding', async () => {
    const result = await build().embed({ texts: ['x'], dimensions: 16, encoding: 'base64' });
    expect(result.dimensions).toBe(16);
    expect(emulator.requests()[emulator.requests().length - 1].body).toMatchObject({ dimensions: 16, encoding_format: 'base64' });
  });

  it('refuses empty input and providers without an embedding model', async () => {
    expect(await rejection(build().embed({ texts: [] }))).toBeInstanceOf(InvalidRequestError);
    const chatOnly = new OpenAIBuilder().withCustomUrl(emulator.url('/v1')).withApiKey('sk-x-12345678').withModel('m').build();
    expect(await rejection(chatOnly.embed({ texts: ['a'] }))).toBeInstanceOf(UnsupportedFeatureError);
  });

  it('decodes unaligned base64 by copying', () => {
    const floats = new Float32Array([1.5, -2.25, 3]);
    const decoded = decodeBase64Embedding(Buffer.from(floats.buffer).toString('base64'));
    expect(Array.from(decoded)).toEqual([1.5, -2.25, 3]);
    expect(() => decodeBase64Embedding('AAA=')).toThrow();
  });

  it('maps error bodies and wrong counts to typed errors', async () => {
    const server = await ResponsesFixtureServer.start();
    try {
      const p = new OpenAIBuilder().withCustomUrl(server.url).withApiKey('sk-x-12345678').withModel('m').withEmbeddings('e').build();
      server.serve({ status: 429, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: 'quota', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } }) });
      expect(await rejection(p.embed({ texts: ['a'] }))).toBeInstanceOf(QuotaExceededError);
      server.serve({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: [{ index: 0, embedding: [1, 2] }], model: 'e' }) });
      expect(await rejection(p.embed({ texts: ['a', 'b'] }))).toBeInstanceOf(InvalidResponseError);
      expect(server.received[0].path).toBe('/v1/embeddings');
    } finally {
      await server.close();
    }
  });
});
