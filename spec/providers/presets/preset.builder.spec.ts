import type { ProviderRequest } from '../../../lib/core/provider.types';
import { ConfigurationError } from '../../../lib/errors';
import { OPENAI_COMPATIBLE_PRESETS, PresetBuilder, type PresetName } from '../../../lib/providers/presets';
import { ProviderEmulator } from '../../../lib/testing/emulator';

const ask: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }], options: { topK: 5, seed: 3, reasoning: { effort: 'medium' } } };

describe('PresetBuilder (OpenAI-compatible presets as data)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  const last = () => emulator.requests().at(-1)!;

  it.each([
    ['openrouter', 'https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY'],
    ['groq', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY'],
    ['together', 'https://api.together.xyz/v1', 'TOGETHER_API_KEY'],
    ['fireworks', 'https://api.fireworks.ai/inference/v1', 'FIREWORKS_API_KEY'],
    ['xai', 'https://api.x.ai/v1', 'XAI_API_KEY'],
    ['perplexity', 'https://api.perplexity.ai', 'PERPLEXITY_API_KEY'],
  ] as const)('%s: base URL %s, key from %s (a missing key names it)', (name, baseUrl, env) => {
    const saved = process.env[env];
    try {
      delete process.env[env];
      expect(() => new PresetBuilder(name).withModel('m').build()).toThrow(new RegExp(env));
      process.env[env] = 'key-from-env-0123456789';
      const provider = new PresetBuilder(name).withModel('m').build();
      expect(provider.baseUrl).toBe(baseUrl);
      expect(provider.id).toBe(OPENAI_COMPATIBLE_PRESETS[name].id);
    } finally {
      if (saved === undefined) delete process.env[env];
      else process.env[env] = saved;
    }
  });

  it.each([
    ['vllm', 'http://localhost:8000/v1'],
    ['llama-server', 'http://localhost:8080/v1'],
    ['lmstudio', 'http://localhost:1234/v1'],
  ] as const)('%s needs no key and defaults to %s', (name, baseUrl) => {
    expect(new PresetBuilder(name).withModel('m').build().baseUrl).toBe(baseUrl);
  });

  it("applies each preset's quirks: Groq and xAI drop top_k, xAI sends reasoning effort as low/high", async () => {
    const build = (name: PresetName) => new PresetBuilder(name).withBaseUrl(emulator.url('/v1')).withApiKey('k-0123456789').withModel('m').build();
    await build('groq').complete(ask);
    expect(last().body).not.toHaveProperty('top_k');
    expect(last().body).toMatchObject({ seed: 3 });
    await build('xai').complete(ask);
    expect(last().body).not.toHaveProperty('top_k');
    expect(last().body).toMatchObject({ reasoning_effort: 'high' });
    await build('together').complete(ask);
    expect(last().body).toMatchObject({ top_k: 5, reasoning_effort: 'medium' });
  });

  it('takes a preset of your own, and refuses an unknown name', async () => {
    const mine = new PresetBuilder({ id: 'gateway', builder: 'MyGateway', baseUrl: emulator.url('/v1'), apiKeyEnv: 'MY_GATEWAY_KEY', requiresKey: false, quirks: [{ drop: 'seed' }] }).withModel('m').build();
    await mine.complete(ask);
    expect(mine.id).toBe('gateway');
    expect(last().body).not.toHaveProperty('seed');
    expect(() => new PresetBuilder('nope' as PresetName)).toThrow(ConfigurationError);
  });
});
