import { ConfigurationError } from '../../../lib/errors';
import { CerebrasBuilder } from '../../../lib/providers/cerebras';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { ask, TEST_KEY } from '../completions/completions-spec.helpers';

function typeStateChecks(): void {
  // @ts-expect-error build() needs a model
  new CerebrasBuilder().build();
  // @ts-expect-error build() needs a model, whatever else is set
  new CerebrasBuilder().withApiKey('k').withBaseUrl('http://x').build();
}

describe('CerebrasBuilder', () => {
  let emulator: ProviderEmulator;
  const saved = process.env.CEREBRAS_API_KEY;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  afterEach(() => {
    if (saved === undefined) delete process.env.CEREBRAS_API_KEY;
    else process.env.CEREBRAS_API_KEY = saved;
    emulator.reset();
  });

  it('fails at build() with a ConfigurationError naming CEREBRAS_API_KEY when no key is given', () => {
    expect(typeof typeStateChecks).toBe('function');
    delete process.env.CEREBRAS_API_KEY;
    expect(() => new CerebrasBuilder().withModel('m').build()).toThrow(ConfigurationError);
    expect(() => new CerebrasBuilder().withModel('m').build()).toThrow(/CEREBRAS_API_KEY/);
  });

  it('reads the key from CEREBRAS_API_KEY, defaults to https://api.cerebras.ai/v1, and talks the Chat Completions wire', async () => {
    process.env.CEREBRAS_API_KEY = TEST_KEY;
    const provider = new CerebrasBuilder().withModel('some-model').build();
    expect(provider.id).toBe('cerebras');
    expect(provider.baseUrl).toBe('https://api.cerebras.ai/v1');
    emulator.script([{ text: 'Hello from cerebras' }]);
    const viaEmulator = new CerebrasBuilder().withBaseUrl(emulator.url('/v1')).withModel('some-model').build();
    const res = await viaEmulator.complete(ask('hi', { options: { maxTokens: 5 } }));
    expect(res.parts).toEqual([{ type: 'text', text: 'Hello from cerebras' }]);
    expect(res.metadata.provider).toBe('cerebras');
    const recorded = emulator.requests()[0];
    expect(recorded.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(recorded.path).toBe('/v1/chat/completions');
    expect(recorded.body).toMatchObject({ max_completion_tokens: 5 });
  });
});
