import { inspect } from 'node:util';
import { ConfigurationError } from '../../../lib/errors';
import { OPENAI_BASE_URL, OpenAIBuilder, OpenAIProvider } from '../../../lib/providers/openai';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { textOf, userText } from '../../support/responses-helpers';

describe('OpenAIBuilder', () => {
  const saved = process.env.OPENAI_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = saved;
  });

  it('fails at build() without a key, naming OPENAI_API_KEY', () => {
    delete process.env.OPENAI_API_KEY;
    const builder = new OpenAIBuilder().withModel('gpt-5-mini');
    expect(() => builder.build()).toThrow(ConfigurationError);
    expect(() => builder.build()).toThrow(/OPENAI_API_KEY/);
    // @ts-expect-error build() needs withModel() first
    expect(() => new OpenAIBuilder().withApiKey('sk-x-1234').build()).toThrow(ConfigurationError);
  });

  it('reads OPENAI_API_KEY, defaults to api.openai.com, and never shows the key', () => {
    process.env.OPENAI_API_KEY = 'sk-env-secret-000111222333';
    const provider = new OpenAIBuilder().withModel('gpt-5-mini').build();
    expect(provider).toBeInstanceOf(OpenAIProvider);
    expect(provider).toMatchObject({ id: 'openai', model: 'gpt-5-mini' });
    expect(OPENAI_BASE_URL).toBe('https://api.openai.com/v1');
    expect(provider.baseUrl).toBe('https://api.openai.com/v1');
    expect(provider.capabilities.embeddings).toBe(false);
    expect(new OpenAIBuilder().withModel('m').withEmbeddings('text-embedding-3-small').build().capabilities.embeddings).toBe(true);
  });

  it('talks to a custom URL with the bearer key, tagging parts with the openai origin', async () => {
    const emulator = await ProviderEmulator.start();
    try {
      emulator.script([{ reasoning: 'hmm', text: 'Hi!' }]);
      const provider = new OpenAIBuilder().withCustomUrl(emulator.url('/v1')).withApiKey('sk-openai-test-999888777').withModel('gpt-5-mini').withHeaders({ 'openai-organization': 'org_1' }).build();
      const reply = await provider.complete({ messages: [userText('hello')] });
      expect(textOf(reply)).toBe('Hi!');
      expect(reply.metadata).toMatchObject({ provider: 'openai', model: 'gpt-5-mini' });
      expect(reply.parts[0]).toMatchObject({ type: 'reasoning', origin: { provider: 'openai', model: 'gpt-5-mini' } });
      expect(emulator.requests()[0].headers).toMatchObject({ authorization: 'Bearer sk-openai-test-999888777', 'openai-organization': 'org_1' });
    } finally {
      await emulator.close();
    }
  });
});
