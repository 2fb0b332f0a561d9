import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { ChatBuilder } from '../../lib/chat';
import type { ChatProvider } from '../../lib/core/provider.types';
import { AuthenticationError, EmbeddingBatchError, InvalidRequestError, type ChatError } from '../../lib/errors';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { MistralBuilder } from '../../lib/providers/mistral';
import { OllamaBuilder } from '../../lib/providers/ollama';
import { FixtureServer } from '../support/fixture-server';
import { describeWithFixtures, fixtureFiles, readExchanges, type RecordedExchange } from '../support/fixtures';

/**
 * Recorded embedding traffic of Mistral (`/v1/embeddings`, its own option names), Ollama (native
 * `/api/embed`) and Voyage (an OpenAI-shaped `/v1/embeddings` reporting only `total_tokens`),
 * served byte for byte to the providers; vectors, dimensions, usage, model, the request sent and
 * the error mapping are checked. OpenAI and Gemini embeddings have their own suites.
 */

const KEY = 'conformance-key-5d1e8a';

/** What a recorded embeddings answer holds, read straight from its JSON. */
interface Recorded {
  readonly vectors: number[][];
  readonly tokens?: number;
  readonly model?: string;
}

function recordedOf(body: string): Recorded {
  const json = JSON.parse(body) as {
    data?: { embedding: number[]; index: number }[];
    embeddings?: number[][];
    model?: string;
    usage?: { prompt_tokens?: number; total_tokens?: number };
    prompt_eval_count?: number;
  };
  const vectors = json.embeddings ?? [...(json.data ?? [])].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  return { vectors, tokens: json.usage?.prompt_tokens ?? json.usage?.total_tokens ?? json.prompt_eval_count, model: json.model };
}

/** The texts of a recorded request (`input` is a string or a list). */
function inputsOf(exchange: RecordedExchange): string[] {
  const input = (JSON.parse(exchange.requestBody ?? '{}') as { input?: unknown }).input;
  return Array.isArray(input) ? input.map(String) : [String(input)];
}

describeWithFixtures('Embeddings conformance (recorded traffic: mistral, ollama, voyage)', () => {
  let server: FixtureServer;
  let checked = 0;
  beforeAll(async () => (server = await FixtureServer.start()));
  beforeEach(() => server.reset());
  afterAll(async () => {
    await server.close();
    console.log(`embeddings conformance: ${checked} recorded embedding files checked (mistral, ollama, voyage), plus 2 recorded error bodies`);
  });

  async function expectServed(provider: ChatProvider, exchange: RecordedExchange, path: string, dialectCheck: (sent: Record<string, unknown>) => void): Promise<void> {
    server.reset();
    server.enqueue({ status: exchange.status, headers: { 'content-type': 'application/json' }, body: exchange.body });
    const texts = inputsOf(exchange);
    const recorded = recordedOf(exchange.body);
    const chat = new ChatBuilder().withModel(provider).build();
    const result = await chat.embed(texts, { dimensions: 1024 });

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].path).toBe(path);
    const sent = server.requests[0].json as Record<string, unknown>;
    expect(sent.input).toEqual(texts);
    dialectCheck(sent);

    expect(result.vectors).toHaveLength(recorded.vectors.length);
    result.vectors.forEach((vector, i) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(Array.from(vector)).toEqual(Array.from(Float32Array.from(recorded.vectors[i])));
    });
    expect(result.dimensions).toBe(recorded.vectors[0].length);
    expect(result.usage.inputTokens).toBe(recorded.tokens);
    expect(result.usage.totalTokens).toBe(recorded.tokens);
    expect(result.model).toBe(recorded.model);
  }

  const mistralFiles = fixtureFiles('mistral', (n) => /embed/.test(n));
  it.each(mistralFiles.map((f) => [basename(f), f]))('mistral: %s', async (_name, file) => {
    for (const exchange of readExchanges(file)) {
      const provider = new MistralBuilder().withBaseUrl(server.url('/v1')).withApiKey(KEY).withModel('mistral-small-latest').withEmbeddings('mistral-embed').build();
      await expectServed(provider, exchange, '/v1/embeddings', (sent) => {
        expect(sent.model).toBe((JSON.parse(exchange.requestBody!) as { model: string }).model);
        expect(sent.output_dimension).toBe(1024);
        expect(sent).not.toHaveProperty('dimensions');
      });
      expect(exchange.status).toBe(200);
    }
    checked++;
  });

  const ollamaFiles = fixtureFiles('ollama', (n) => /\.(httprr|ya?ml)$/.test(n)).filter((f) => readExchanges(f).some((e) => e.url.endsWith('/api/embed')));
  it.each(ollamaFiles.map((f) => [basename(f), f]))('ollama native /api/embed: %s', async (_name, file) => {
    const exchanges = readExchanges(file).filter((e) => e.url.endsWith('/api/embed'));
    expect(exchanges.length).toBeGreaterThan(0);
    for (const exchange of exchanges) {
      const model = (JSON.parse(exchange.requestBody!) as { model: string }).model;
      const provider = new OllamaBuilder().withBaseUrl(server.url('/v1')).withModel('llama3.2').withEmbeddings(model).build();
      await expectServed(provider, exchange, '/api/embed', (sent) => {
        expect(sent.model).toBe(model);
        expect(sent.dimensions).toBe(1024);
      });
    }
    checked++;
  });

  const voyageFiles = fixtureFiles('voyage', (n) => /embedding\.json$/.test(n));
  it.each(voyageFiles.map((f) => [basename(f), f]))('an OpenAI-shaped /v1/embeddings server (voyage): %s', async (_name, file) => {
    const body = readFileSync(file, 'utf8');
    const count = recordedOf(body).vectors.length;
    const exchange: RecordedExchange = {
      file,
      index: 0,
      method: 'POST',
      url: '/v1/embeddings',
      requestBody: JSON.stringify({ input: Array.from({ length: count }, (_, i) => `text ${i}`) }),
      status: 200,
      headers: {},
      body,
    };
    const provider = new ChatCompletionsBuilder().withProviderId('voyage').withBaseUrl(server.url('/v1')).withApiKey(KEY).withModel('m').withEmbeddings('voyage-3.5').build();
    await expectServed(provider, exchange, '/v1/embeddings', (sent) => expect(sent).toMatchObject({ model: 'voyage-3.5', dimensions: 1024 }));
    checked++;
  });

  it("mistral's recorded 401 body ({detail}) on /v1/embeddings is an AuthenticationError naming the batch", async () => {
    const [exchange] = fixtureFiles('mistral', (n) => /auth_error/.test(n)).flatMap((f) => readExchanges(f));
    expect(exchange.status).toBe(401);
    server.enqueue({ status: exchange.status, headers: { 'content-type': 'application/json' }, body: exchange.body });
    const provider = new MistralBuilder().withBaseUrl(server.url('/v1')).withApiKey(KEY).withModel('m').withEmbeddings('mistral-embed').build();
    const error = (await new ChatBuilder().withModel(provider).build().embed(['a', 'b']).catch((e: ChatError) => e)) as EmbeddingBatchError;
    expect(error).toBeInstanceOf(EmbeddingBatchError);
    expect(error.inputIndexes).toEqual([0, 1]);
    expect(error.cause).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, provider: 'mistral', providerMessage: 'Invalid API Key' });
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it("ollama's recorded native error body ({error}) on /api/embed is an InvalidRequestError with its message", async () => {
    const [exchange] = fixtureFiles('ollama', (n) => n === 'TestToolCall.httprr').flatMap((f) => readExchanges(f));
    expect(exchange.status).toBe(400);
    server.enqueue({ status: exchange.status, headers: { 'content-type': 'application/json' }, body: exchange.body });
    const provider = new OllamaBuilder().withBaseUrl(server.url('/v1')).withModel('m').withEmbeddings('nomic-embed-text').build();
    const error = (await provider.embed({ texts: ['a'] }).catch((e: ChatError) => e)) as ChatError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ status: 400, provider: 'ollama' });
    expect(error.providerMessage).toBe(JSON.parse(exchange.body).error);
  });
});
