import { InvalidRequestError, InvalidResponseError, UnsupportedFeatureError } from '../../../lib/errors';
import { decodeFloat32Base64 } from '../../../lib/providers/shared/float32-base64.decoder';
import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';
import { FixtureServer } from '../../support/fixture-server';
import { emulatedProvider, failure } from './completions-spec.helpers';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';

const close = (a: Float32Array, b: readonly number[]): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
};

describe('Chat Completions embeddings (POST /embeddings)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const texts = ['The cat sat.', 'A dog barked.', 'The cat sat.'];

  it('returns Float32Array vectors in input order, float and base64 encodings alike', async () => {
    const provider = emulatedProvider(emulator, undefined, (b) => b.withEmbeddings('text-embed-1'));
    expect(provider.capabilities.embeddings).toBe(true);
    const floats = await provider.embed({ texts });
    const base64 = await provider.embed({ texts, encoding: 'base64' });
    for (const res of [floats, base64]) {
      expect(res.vectors).toHaveLength(3);
      res.vectors.forEach((v, i) => {
        expect(v).toBeInstanceOf(Float32Array);
        close(v, emulatedEmbedding(texts[i]));
      });
      expect(res).toMatchObject({ dimensions: 8, model: 'text-embed-1', provider: 'completions' });
      expect(res.usage.inputTokens).toBeGreaterThan(0);
    }
    expect(emulator.requests().map((r) => r.body)).toEqual([
      { model: 'text-embed-1', input: texts },
      { model: 'text-embed-1', input: texts, encoding_format: 'base64' },
    ]);
  });

  it('sends dimensions and honours a per-request model', async () => {
    const res = await emulatedProvider(emulator, undefined, (b) => b.withEmbeddings('e')).embed({ texts: ['x'], dimensions: 4, model: 'other' });
    expect(res.dimensions).toBe(4);
    expect(emulator.requests()[0].body).toMatchObject({ model: 'other', dimensions: 4 });
  });

  it('fails clearly: no embedding model, empty input, wrong count, unreadable vector', async () => {
    expect(await failure(emulatedProvider(emulator).embed({ texts: ['x'] }))).toBeInstanceOf(UnsupportedFeatureError);
    const provider = emulatedProvider(emulator, undefined, (b) => b.withEmbeddings('e'));
    expect(await failure(provider.embed({ texts: [] }))).toBeInstanceOf(InvalidRequestError);
    const server = await FixtureServer.start();
    try {
      server.enqueue(
        { body: JSON.stringify({ data: [{ index: 0, embedding: [1, 2] }], model: 'e' }) },
        { body: JSON.stringify({ data: [{ index: 0, embedding: 'not*base64!' }], model: 'e' }) },
        { body: JSON.stringify({ data: [{ index: 1, embedding: [1] }, { index: 0, embedding: [0] }], model: 'e' }) },
      );
      const remote = new ChatCompletionsBuilder().withBaseUrl(server.url('/v1')).withModel('m').withEmbeddings('e').build();
      expect(await failure(remote.embed({ texts: ['a', 'b'] }))).toBeInstanceOf(InvalidResponseError);
      expect(await failure(remote.embed({ texts: ['a'] }))).toBeInstanceOf(InvalidResponseError);
      const reordered = await remote.embed({ texts: ['a', 'b'] });
      expect(reordered.vectors.map((v) => v[0])).toEqual([0, 1]);
    } finally {
      await server.close();
    }
  });

  it('decodes base64 float32 data exactly, small (pooled, maybe unaligned) and large', () => {
    for (const size of [3, 5, 1536]) {
      const values = Array.from({ length: size }, (_, i) => Math.fround(Math.sin(i) * 3.5));
      const bytes = Buffer.alloc(size * 4);
      values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
      expect(Array.from(decodeFloat32Base64(bytes.toString('base64'))!)).toEqual(values);
    }
    expect(decodeFloat32Base64('AAA=')).toBeUndefined();
  });
});
