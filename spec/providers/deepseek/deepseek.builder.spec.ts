import { ConfigurationError } from '../../../lib/errors';
import { DeepSeekBuilder } from '../../../lib/providers/deepseek';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { ask, TEST_KEY } from '../completions/completions-spec.helpers';

function typeStateChecks(): void {
  // @ts-expect-error build() needs a model
  new DeepSeekBuilder().build();
  // @ts-expect-error build() needs a model, whatever else is set
  new DeepSeekBuilder().withApiKey('k').withBaseUrl('http://x').build();
}

describe('DeepSeekBuilder', () => {
  let emulator: ProviderEmulator;
  const saved = process.env.DEEPSEEK_API_KEY;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  afterEach(() => {
    if (saved === undefined) delete process.env.DEEPSEEK_API_KEY;
    else process.env.DEEPSEEK_API_KEY = saved;
    emulator.reset();
  });

  it('fails at build() with a ConfigurationError naming DEEPSEEK_API_KEY when no key is given', () => {
    expect(typeof typeStateChecks).toBe('function');
    delete process.env.DEEPSEEK_API_KEY;
    expect(() => new DeepSeekBuilder().withModel('m').build()).toThrow(ConfigurationError);
    expect(() => new DeepSeekBuilder().withModel('m').build()).toThrow(/DEEPSEEK_API_KEY/);
  });

  it('reads the key from DEEPSEEK_API_KEY, defaults to https://api.deepseek.com/v1, and talks the Chat Completions wire', async () => {
    process.env.DEEPSEEK_API_KEY = TEST_KEY;
    const provider = new DeepSeekBuilder().withModel('some-model').build();
    expect(provider.id).toBe('deepseek');
    expect(provider.baseUrl).toBe('https://api.deepseek.com/v1');
    emulator.script([{ text: 'Hello from deepseek' }]);
    const viaEmulator = new DeepSeekBuilder().withBaseUrl(emulator.url('/v1')).withModel('some-model').build();
    const res = await viaEmulator.complete(ask('hi', { options: { maxTokens: 5 } }));
    expect(res.parts).toEqual([{ type: 'text', text: 'Hello from deepseek' }]);
    expect(res.metadata.provider).toBe('deepseek');
    const recorded = emulator.requests()[0];
    expect(recorded.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(recorded.path).toBe('/v1/chat/completions');
    expect(recorded.body).toMatchObject({ max_tokens: 5 });
  });
});
