import { inspect } from 'node:util';
import { ChatBuilder } from '../../../lib/chat';
import { AuthenticationError, ConfigurationError, type ChatError } from '../../../lib/errors';
import { MISTRAL_EMBEDDING_BATCH_TOKENS, MistralBuilder } from '../../../lib/providers/mistral';
import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';
import { ask, collect } from '../completions/completions-spec.helpers';

const KEY = 'mistral-test-key-7f3a9c1e5b';

function typeStateChecks(): void {
  // @ts-expect-error build() needs a model
  new MistralBuilder().withEmbeddings('mistral-embed').build();
}

describe('MistralBuilder', () => {
  let emulator: ProviderEmulator;
  const saved = process.env.MISTRAL_API_KEY;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  afterEach(() => {
    if (saved === undefined) delete process.env.MISTRAL_API_KEY;
    else process.env.MISTRAL_API_KEY = saved;
    emulator.reset();
  });

  const mistral = () => new MistralBuilder().withBaseUrl(emulator.url('/v1')).withApiKey(KEY).withModel('mistral-small-latest');

  it('fails at build() with a ConfigurationError naming MISTRAL_API_KEY; reads the key from it otherwise', () => {
    expect(typeof typeStateChecks).toBe('function');
    delete process.env.MISTRAL_API_KEY;
    expect(() => new MistralBuilder().withModel('m').build()).toThrow(ConfigurationError);
    expect(() => new MistralBuilder().withModel('m').build()).toThrow(/MISTRAL_API_KEY/);
    process.env.MISTRAL_API_KEY = KEY;
    const provider = new MistralBuilder().withModel('m').build();
    expect(provider.id).toBe('mistral');
    expect(JSON.stringify(provider)).toContain('"baseUrl":"https://api.mistral.ai/v1"');
    expect(provider.capabilities.embeddings).toBe(false);
    expect(inspect(new MistralBuilder().withApiKey(KEY))).not.toContain(KEY);
  });

  it('chats on the Chat Completions wire', async () => {
    emulator.script([{ text: 'Bonjour.' }]);
    const res = await mistral().build().complete(ask('Salut'));
    expect(res.parts).toEqual([{ type: 'text', text: 'Bonjour.' }]);
    expect(emulator.requests()[0]).toMatchObject({ path: '/v1/chat/completions', headers: { authorization: `Bearer ${KEY}` } });
  });

  it("embeds with Mistral's option names: output_dimension, encoding_format", async () => {
    const provider = mistral().withEmbeddings('mistral-embed').build();
    expect(provider.capabilities.embeddings).toBe(true);
    expect(provider.embeddingBatchTokens).toBe(MISTRAL_EMBEDDING_BATCH_TOKENS);
    const floats = await provider.embed({ texts: ['chat', 'chien'], dimensions: 4 });
    const base64 = await provider.embed({ texts: ['chat'], encoding: 'base64' });
    expect(emulator.requests().map((r) => r.body)).toEqual([
      { model: 'mistral-embed', input: ['chat', 'chien'], output_dimension: 4 },
      { model: 'mistral-embed', input: ['chat'], encoding_format: 'base64' },
    ]);
    expect(floats).toMatchObject({ dimensions: 4, model: 'mistral-embed', provider: 'mistral' });
    expect(Array.from(floats.vectors[1])).toEqual(Array.from(Float32Array.from(emulatedEmbedding('chien', 4))));
    expect(Array.from(base64.vectors[0])).toEqual(Array.from(Float32Array.from(emulatedEmbedding('chat'))));
  });

  it('chat.embed() batches under the token cap; a 401 is an AuthenticationError without the key', async () => {
    const provider = mistral().withEmbeddings('mistral-embed', { batchTokens: 30 }).build();
    const chat = new ChatBuilder().withModel(provider).build();
    const texts = Array.from({ length: 6 }, (_, i) => `${'x'.repeat(40)} ${i}`); // ~14 estimated tokens each
    const result = await chat.embed(texts);
    expect(result.vectors).toHaveLength(6);
    expect(emulator.requests().map((r) => (r.body as { input: string[] }).input.length)).toEqual([2, 2, 2]);
    emulator.script([{ route: 'embeddings', error: { status: 401, body: { detail: 'Invalid API Key' } } }]);
    const error = (await chat.embed(['x']).catch((e: ChatError) => e)) as ChatError;
    expect(error.cause).toBeInstanceOf(AuthenticationError);
    expect(error.providerMessage).toBe('Invalid API Key');
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it("sends Mistral's request fields: random_seed, no stream_options, reasoning_effort high|none (others mapped or left out, with a warning)", async () => {
    emulator.script([{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }]);
    const provider = mistral().build();
    const plain = await provider.complete({ ...ask('x'), options: { seed: 7, reasoning: { effort: 'high' }, maxTokens: 20 } });
    expect(plain.warnings).toBeUndefined();
    const events = await collect(provider.stream({ ...ask('x'), options: { seed: 0, reasoning: { effort: 'medium' }, topK: 5 } }));
    const low = await provider.complete({ ...ask('x'), options: { reasoning: { effort: 'low' } } });
    await provider.complete({ ...ask('x'), providerOptions: { reasoning_effort: 'none' } });
    const [first, second, third, fourth] = emulator.requests().map((r) => r.body as Record<string, unknown>);
    expect(first).toMatchObject({ random_seed: 7, reasoning_effort: 'high', max_tokens: 20 });
    expect(first).not.toHaveProperty('seed');
    expect(second).toMatchObject({ stream: true, random_seed: 0, reasoning_effort: 'high' });
    expect(Object.keys(second)).not.toEqual(expect.arrayContaining(['stream_options']));
    expect(second).not.toHaveProperty('top_k');
    expect(events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message)).toEqual([
      expect.stringMatching(/topK/),
      expect.stringMatching(/"medium" was sent as "high"/),
    ]);
    expect(third).not.toHaveProperty('reasoning_effort');
    expect(low.warnings).toEqual([expect.stringMatching(/"low" was not sent/)]);
    expect(fourth).toMatchObject({ reasoning_effort: 'none' });
  });
});
