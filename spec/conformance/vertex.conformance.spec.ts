import { readFileSync } from 'node:fs';
import { VertexGeminiBuilder } from '../../lib/providers/vertex';
import { FixtureServer } from '../support/fixture-server';
import { describeWithFixtures, fixtureFiles, readChunkLines } from '../support/fixtures';
import { recordedFacts, responseFacts } from '../support/gemini-oracle';
import { collect, stepFinish, userRequest } from '../support/gemini-emulator';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TOKEN = 'ya29.vertex-conformance-0123456789';

describeWithFixtures('Vertex AI conformance on recorded traffic (../shared/fixtures/google-vertex, google/google-vertex-*)', () => {
  let server: FixtureServer;
  beforeAll(async () => (server = await FixtureServer.start()));
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const builder = () => new VertexGeminiBuilder().withModel('gemini-2.5-flash').withProject('recorded').withLocation('us-central1').withBaseUrl(server.url()).withTokenProvider(() => TOKEN);

  it('reads google-vertex-embedding.json (:predict): vectors in order, token counts as usage', async () => {
    const [file] = fixtureFiles('google-vertex', (n) => n === 'google-vertex-embedding.json');
    const body = readFileSync(file, 'utf8');
    const raw = JSON.parse(body) as Raw;
    server.enqueue({ headers: { 'content-type': 'application/json' }, body });
    const result = await builder().withEmbeddings('text-embedding-004').build().embed({ texts: ['sunny day at the beach', 'rainy day in the city'] });
    expect(result.vectors.map((v) => Array.from(v))).toEqual(raw.predictions.map((p: Raw) => (p.embeddings.values as number[]).map((x) => Math.fround(x))));
    const tokens = raw.predictions.reduce((sum: number, p: Raw) => sum + p.embeddings.statistics.token_count, 0);
    expect(result.usage).toEqual({ inputTokens: tokens, totalTokens: tokens });
    expect(server.requests[0].path).toBe('/v1/projects/recorded/locations/us-central1/publishers/google/models/text-embedding-004:predict');
    expect(server.requests[0].json).toEqual({ instances: [{ content: 'sunny day at the beach' }, { content: 'rainy day in the city' }] });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  for (const file of fixtureFiles('google', (n) => n.startsWith('google-vertex') && n.endsWith('.chunks.txt'))) {
    it(`streams ${file.split('/').at(-1)} (Gemini on Vertex, CRLF-framed SSE) with the Gemini mappers`, async () => {
      const lines = readChunkLines(file);
      server.enqueue({ headers: { 'content-type': 'text/event-stream' }, body: lines.map((l) => `data: ${l}\r\n\r\n`).join('') });
      const events = await collect(builder().build().stream(userRequest('recorded')));
      const facts = recordedFacts(lines.map((l) => JSON.parse(l) as unknown));
      const got = responseFacts(stepFinish(events).response);
      expect(got.text).toBe(facts.text);
      expect(got.calls.map((c) => c.name)).toEqual([...facts.wholeCalls.map((c) => c.name), ...facts.pieceCallNames]);
      expect(stepFinish(events).response.usage).toEqual(facts.usage);
      expect(server.requests[0].path).toBe('/v1/projects/recorded/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    });
  }
});
