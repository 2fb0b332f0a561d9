import { join } from 'node:path';
import type { EmbeddingTaskType } from '../../lib/core/embedding.types';
import { ChatError, InvalidRequestError } from '../../lib/errors';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { GEMINI_TEST_KEY } from '../support/gemini-emulator';
import { describeGeminiFixtures, readCassette, readHttprr, type RecordedExchange } from '../support/gemini-fixtures';
import { GeminiFixtureServer } from '../support/gemini-fixture-server';

type EmbedRequest = { model?: string; content: { parts: Array<{ text: string }> }; taskType?: string; outputDimensionality?: number };

const TASK_TYPES: Record<string, EmbeddingTaskType> = {
  RETRIEVAL_QUERY: 'retrieval-query',
  RETRIEVAL_DOCUMENT: 'retrieval-document',
  SEMANTIC_SIMILARITY: 'semantic-similarity',
};

/** The parts of an embed request that carry meaning (the recordings add `role`, key order differs). */
const meaning = (r: EmbedRequest) => ({ model: r.model, texts: r.content.parts.map((p) => p.text), taskType: r.taskType, outputDimensionality: r.outputDimensionality });

describeGeminiFixtures('Gemini embeddings conformance (recorded traffic: ../shared/fixtures/google-embeddings)', 'google-embeddings', (dir, files) => {
  let server: GeminiFixtureServer;
  let checked = 0;
  beforeAll(async () => (server = await GeminiFixtureServer.start()));
  afterAll(async () => {
    await server.close();
    console.log(`gemini embeddings conformance: ${checked} of ${files.length} fixture files in google-embeddings/ checked`);
  });

  const read = (file: string): RecordedExchange[] => (file.endsWith('.httprr') ? readHttprr(join(dir, file)) : readCassette(join(dir, file)));

  it.each(files.filter((f) => /\.(ya?ml|httprr)$/.test(f)))('%s', async (file) => {
    for (const exchange of read(file)) {
      const model = /models\/([^:/]+):/.exec(exchange.uri)?.[1] as string;
      const recorded = (exchange.requestBody as { requests: EmbedRequest[] }).requests;
      const texts = recorded.map((r) => r.content.parts[0].text);
      const first = recorded[0];
      server.serve({ status: exchange.status, contentType: exchange.contentType, body: exchange.body, pieces: 4 });
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
      expect(sent.url).toBe(`/v1beta/models/${model}:${single ? 'embedContent' : 'batchEmbedContents'}`);
      const ours = single ? [sent.body as EmbedRequest] : (sent.body as { requests: EmbedRequest[] }).requests;
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
