import { ConfigurationError, redact } from '../../../lib/errors';
import { GeminiBuilder, GeminiProvider } from '../../../lib/providers/gemini';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { userRequest } from '../../support/gemini-emulator';

describe('GeminiBuilder', () => {
  const saved = process.env.GEMINI_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.GEMINI_API_KEY;
    else process.env.GEMINI_API_KEY = saved;
  });

  it('fails at build() naming GEMINI_API_KEY when no key is set', () => {
    delete process.env.GEMINI_API_KEY;
    const build = () => new GeminiBuilder().withModel('gemini-2.5-flash').build();
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/GEMINI_API_KEY/);
  });

  it('reads the key from GEMINI_API_KEY, prefers withApiKey(), and registers it for redaction', async () => {
    const emulator = await ProviderEmulator.start();
    try {
      process.env.GEMINI_API_KEY = 'AIzaSy-from-env-0123456789';
      const fromEnv = new GeminiBuilder().withModel('gemini-2.5-flash').withBaseUrl(emulator.url('/v1beta')).build();
      expect(fromEnv).toBeInstanceOf(GeminiProvider);
      await fromEnv.complete(userRequest('a'));
      expect(emulator.requests()[0].headers['x-goog-api-key']).toBe('AIzaSy-from-env-0123456789');
      expect(redact('key AIzaSy-from-env-0123456789 leaked')).toBe('key [REDACTED] leaked');

      const explicit = new GeminiBuilder().withApiKey('AIzaSy-explicit-0123456789').withModel('gemini-2.5-flash').withBaseUrl(emulator.url('/v1beta/')).build();
      await explicit.complete(userRequest('b'));
      expect(emulator.requests()[1].headers['x-goog-api-key']).toBe('AIzaSy-explicit-0123456789');
      expect(emulator.requests()[1].path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    } finally {
      await emulator.close();
    }
  });

  it('describes the provider: id, model, capabilities, embedding batch size', () => {
    const provider = new GeminiBuilder().withModel('gemini-3-pro-preview').withApiKey('AIzaSy-k-0123456789').build();
    expect(provider.id).toBe('gemini');
    expect(provider.model).toBe('gemini-3-pro-preview');
    expect(provider.embeddingBatchSize).toBe(100);
    expect(provider.capabilities).toEqual({
      tools: true,
      structuredOutput: true,
      streaming: true,
      embeddings: true,
      vision: true,
      nativeTools: ['google-search', 'code-execution', 'google-maps', 'url-context'],
    });
  });

  it('only compiles build() after withModel()', () => {
    const builder = new GeminiBuilder().withApiKey('AIzaSy-k-0123456789');
    // @ts-expect-error build() needs withModel() first
    expect(() => builder.build()).toThrow(/withModel/);
  });
});
