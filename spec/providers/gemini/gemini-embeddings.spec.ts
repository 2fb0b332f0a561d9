import { InvalidRequestError } from '../../../lib/errors';
import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';
import { geminiOn, sentBody } from '../../support/gemini-emulator';

const close = (actual: Float32Array, expected: number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 5));
};

describe('Gemini embeddings (emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('embeds one text with :embedContent, task type and dimensions', async () => {
    const provider = geminiOn(emulator).withEmbeddings('gemini-embedding-001').build();
    const res = await provider.embed({ texts: ['hello'], taskType: 'retrieval-query', dimensions: 16 });
    expect(emulator.requests()[0].path).toBe('/v1beta/models/gemini-embedding-001:embedContent');
    expect(sentBody(emulator)).toEqual({ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] }, taskType: 'RETRIEVAL_QUERY', outputDimensionality: 16 });
    expect(res.dimensions).toBe(16);
    expect(res.model).toBe('gemini-embedding-001');
    expect(res.provider).toBe('gemini');
    expect(res.vectors[0]).toBeInstanceOf(Float32Array);
    close(res.vectors[0], emulatedEmbedding('hello', 16));
  });

  it('embeds several texts with one :batchEmbedContents, in input order', async () => {
    const texts = ['alpha', 'beta', 'gamma'];
    const res = await geminiOn(emulator).build().embed({ texts, taskType: 'retrieval-document', dimensions: 12 });
    expect(emulator.requests()).toHaveLength(1);
    expect(emulator.requests()[0].path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(sentBody(emulator)).toEqual({
      requests: texts.map((text) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text }] }, taskType: 'RETRIEVAL_DOCUMENT', outputDimensionality: 12 })),
    });
    expect(res.dimensions).toBe(12);
    res.vectors.forEach((v, i) => close(v, emulatedEmbedding(texts[i], 12)));
  });

  it('uses the request model over the builder one', async () => {
    await geminiOn(emulator).withEmbeddings('a-model').build().embed({ texts: ['x'], model: 'text-embedding-004' });
    expect(emulator.requests()[0].path).toBe('/v1beta/models/text-embedding-004:embedContent');
  });

  it('rejects empty input and batches over 100 texts with a clear error', async () => {
    const provider = geminiOn(emulator).build();
    await expect(provider.embed({ texts: [] })).rejects.toThrow(InvalidRequestError);
    await expect(provider.embed({ texts: Array.from({ length: 101 }, (_, i) => `t${i}`) })).rejects.toThrow(/at most 100/);
    expect(emulator.requests()).toHaveLength(0);
  });
});
