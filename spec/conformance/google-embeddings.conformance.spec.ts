import { basename } from 'node:path';
import type { EmbeddingTaskType } from '../../lib/core/embedding.types';
import { ChatError, InvalidRequestError } from '../../lib/errors';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { GEMINI_TEST_KEY } from '../support/gemini-emulator';
import { describeWithFixtures, fixtureFiles, readExchanges } from '../support/fixtures';
import { FixtureServer } from '../support/fixture-server';

type EmbedRequest = { model?: string; content: { parts: Array<{ text: string }> }; taskType?: string; outputDimensionality?: number };

const TASK_TYPES: Record<string, EmbeddingTaskType> = {
  RETRIEVAL_QUERY: 'retrieval-query',
  RETRIEVAL_DOCUMENT: 'retrieval-document',
  SEMANTIC_SIMILARITY: 'semantic-similarity',
};

/** The parts of an embed request that carry meaning (the recordings add `role`, key order differs). */
const meaning = (r: EmbedRequest) => ({ model: r.model, texts: r.content.parts.map((p) => p.text), taskType: r.taskType, outputDimensionality: r.outputDimensionality });

describeWithFixtures('Gemini embeddings conformance (recorded traffic: ../shared/fixtures/google-embeddings)', () => {
  const files = fixtureFiles('google-embeddings', (name) => /\.(ya?ml|httprr)$/.test(name));
  let server: FixtureServer;
  let checked = 0;
  beforeAll(async () => (server = await FixtureServer.start()));
  beforeEach(() => server.reset());
  afterAll(async () => {
    await server.close();
    console.log(`gemini embeddings conformance: ${checked} of ${fixtureFiles('google-embeddings').length} fixture files in google-embeddings/ checked`);
  });

  it.each(files.map((f) => [basename(f), f]))('%s', async (_name, file) => {
    for (const exchange of readExchanges(file)) {
      server.reset();
      const model = /models\/([^:/]+):/.exec(exchange.url)?.[1] as string;
      const recorded = (JSON.parse(exchange.requestBody ?? '{}') as { requests: EmbedRequest[] }).requests;
      const texts = recorded.map((r) => r.content.parts[0].text);
      const first = recorded[0];
      server.enqueue({ status: exchange.status, headers: { 'content-type': exchange.headers['content-type'] ?? 'application/json' }, body: exchange.body });
      const provider = new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey(GEMINI_TEST_KEY).withBaseUrl(server.url('/v1beta')).withEmbeddings(model).build();
      const call = provider.embed({
        texts,
        ...(first.taskType ? { taskType: TASK_TYPES[first.taskType] } : {}),
        ...(first.outputDimensionality ? { dimensions: first.outputDimensionality } : {}),
      });

      if (exchange.status >= 400) {
        const error = (await call.catch((e: ChatError) => e)) as ChatError;
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect(error.status).toBe(exchange.status);
        expect(error.code).toBe('NOT_FOUND');
        expect(error.providerMessage).toContain('is not found');
        continue;
      }
      const response = await call;
      const sent = server.requests[0];
      const single = texts.length === 1;
      expect(sent.path).toBe(`/v1beta/models/${model}:${single ? 'embedContent' : 'batchEmbedContents'}`);
      const ours = single ? [sent.json as EmbedRequest] : (sent.json as { requests: EmbedRequest[] }).requests;
      expect(ours.map(meaning)).toEqual(recorded.map((r) => meaning({ ...r, model: r.model ?? `models/${model}` })));

      const values = (JSON.parse(exchange.body) as { embeddings: Array<{ values: number[] }> }).embeddings.map((e) => e.values);
      expect(response.vectors).toHaveLength(texts.length);
      expect(response.dimensions).toBe(values[0].length);
      if (first.outputDimensionality) expect(response.dimensions).toBe(first.outputDimensionality);
      response.vectors.forEach((vector, i) => {
        expect(vector).toBeInstanceOf(Float32Array);
        expect(Array.from(vector)).toEqual(Array.from(Float32Array.from(values[i])));
      });
      expect(response.model).toBe(model);
    }
    checked++;
  });
});
