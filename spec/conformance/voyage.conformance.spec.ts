import { readFileSync } from 'node:fs';
import { PresetBuilder } from '../../lib/providers/presets';
import { FixtureServer } from '../support/fixture-server';
import { describeWithFixtures, fixtureFiles } from '../support/fixtures';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeWithFixtures('Voyage embeddings conformance on recorded traffic (../shared/fixtures/voyage)', () => {
  let server: FixtureServer;
  beforeAll(async () => (server = await FixtureServer.start()));
  afterAll(() => server.close());

  it('reads voyage-embedding.json through the voyage preset: vectors in order, usage, output_dimension on the wire', async () => {
    const [file] = fixtureFiles('voyage', (n) => n === 'voyage-embedding.json');
    const body = readFileSync(file, 'utf8');
    const raw = JSON.parse(body) as Raw;
    server.enqueue({ headers: { 'content-type': 'application/json' }, body });
    const voyage = new PresetBuilder('voyage').withBaseUrl(server.url('/v1')).withApiKey('pa-voyage-0123456789').withModel('voyage-3.5').withEmbeddings('voyage-3.5').build();
    expect(voyage.embeddingBatchSize).toBe(1000);
    const result = await voyage.embed({ texts: ['sunny day at the beach', 'rainy day in the city'], dimensions: 5 });
    expect(result.vectors.map((v) => Array.from(v))).toEqual(raw.data.map((d: Raw) => (d.embedding as number[]).map((x) => Math.fround(x))));
    expect(result).toMatchObject({ provider: 'voyage', dimensions: 5, usage: { totalTokens: raw.usage.total_tokens } });
    expect(server.requests[0].path).toBe('/v1/embeddings');
    expect(server.requests[0].json).toEqual({ model: 'voyage-3.5', input: ['sunny day at the beach', 'rainy day in the city'], output_dimension: 5 });
    expect(server.requests[0].headers.authorization).toBe('Bearer pa-voyage-0123456789');
  });
});
