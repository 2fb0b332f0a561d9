import { inspect } from 'node:util';
import { ConfigurationError } from '../../../lib/errors/configuration.error';
import { ClaudeBuilder } from '../../../lib/providers/claude/claude.builder';
import { ClaudeProvider } from '../../../lib/providers/claude/claude.provider';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { CLAUDE_TEST_KEY, newSession, user } from '../../support/claude-emulator';

describe('ClaudeBuilder', () => {
  const saved = { claude: process.env.CLAUDE_API_KEY, anthropic: process.env.ANTHROPIC_API_KEY, base: process.env.ANTHROPIC_BASE_URL };
  let emulator: ProviderEmulator;

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    delete process.env.CLAUDE_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_BASE_URL;
  });
  afterEach(() => {
    for (const [name, value] of [['CLAUDE_API_KEY', saved.claude], ['ANTHROPIC_API_KEY', saved.anthropic], ['ANTHROPIC_BASE_URL', saved.base]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function keySent(builder: ClaudeBuilder<true>, session: string): Promise<string | undefined> {
    await builder.withBaseUrl(emulator.url('', session)).build().complete({ messages: [user('hi')] });
    return emulator.requests(session)[0]?.headers['x-api-key'];
  }

  it('fails at build() without a key, naming both environment variables', () => {
    const attempt = (): unknown => new ClaudeBuilder().withModel('claude-haiku-4-5').build();
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/CLAUDE_API_KEY/);
    expect(attempt).toThrow(/ANTHROPIC_API_KEY/);
  });

  it('reads CLAUDE_API_KEY first, then ANTHROPIC_API_KEY, and withApiKey() wins over both', async () => {
    process.env.ANTHROPIC_API_KEY = 'anthropic-env-key-123';
    const s1 = newSession();
    expect(await keySent(new ClaudeBuilder().withModel('m'), s1)).toBe('anthropic-env-key-123');
    process.env.CLAUDE_API_KEY = 'claude-env-key-456';
    const s2 = newSession();
    expect(await keySent(new ClaudeBuilder().withModel('m'), s2)).toBe('claude-env-key-456');
    const s3 = newSession();
    expect(await keySent(new ClaudeBuilder().withModel('m').withApiKey('explicit-key-789'), s3)).toBe('explicit-key-789');
  });

  it('defaults to https://api.anthropic.com and accepts a base URL from the environment', () => {
    const provider = new ClaudeBuilder().withModel('m').withApiKey(CLAUDE_TEST_KEY).build();
    expect(provider.baseUrl).toBe('https://api.anthropic.com');
    process.env.ANTHROPIC_BASE_URL = 'http://proxy.local';
    expect(new ClaudeBuilder().withModel('m').withApiKey(CLAUDE_TEST_KEY).build().baseUrl).toBe('http://proxy.local');
  });

  it('posts to <base>/v1/messages, also when the base URL already ends in /v1', async () => {
    const s = newSession();
    await new ClaudeBuilder().withModel('m').withApiKey(CLAUDE_TEST_KEY).withBaseUrl(`${emulator.url('', s)}/v1/`).build().complete({ messages: [user('x')] });
    expect(emulator.requests(s)[0].path).toBe('/v1/messages');
  });

  it('compiles build() only after withModel()', () => {
    const builder = new ClaudeBuilder().withApiKey(CLAUDE_TEST_KEY);
    // @ts-expect-error build() needs withModel() first
    expect(() => builder.build()).toThrow();
    expect(builder.withModel('claude-haiku-4-5').build()).toBeInstanceOf(ClaudeProvider);
  });

  it('rejects a thinking budget below 1024 tokens', () => {
    expect(() => new ClaudeBuilder().withThinking(500)).toThrow(ConfigurationError);
  });

  it('never shows the key in inspect or JSON output of the provider', () => {
    const provider = new ClaudeBuilder().withModel('m').withApiKey(CLAUDE_TEST_KEY).build();
    expect(inspect(provider, { depth: 10, showHidden: true })).not.toContain(CLAUDE_TEST_KEY);
    expect(JSON.stringify(provider)).not.toContain(CLAUDE_TEST_KEY);
    expect(JSON.stringify(provider)).toContain('"model":"m"');
  });

  it('can be constructed from a plain config object, and refuses one without a key', () => {
    expect(() => new ClaudeProvider({ apiKey: '', model: 'm' })).toThrow(ConfigurationError);
    expect(new ClaudeProvider({ apiKey: CLAUDE_TEST_KEY, model: 'm' }).capabilities.embeddings).toBe(false);
  });
});
