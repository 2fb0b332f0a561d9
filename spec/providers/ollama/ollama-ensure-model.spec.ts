import type { ProviderRequest } from '../../../lib/core/provider.types';
import { ChatError, NetworkError } from '../../../lib/errors';
import { OllamaBuilder, type OllamaPullProgress } from '../../../lib/providers/ollama';
import { ProviderEmulator } from '../../../lib/testing/emulator';

const ask: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] };

describe('OllamaBuilder.withEnsureModel (ping, list, pull if missing, then chat)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  const paths = () => emulator.requests().map((r) => `${r.method} ${r.path}`);

  it('pulls a missing model once, reporting progress, before the first request; concurrent requests share the check', async () => {
    const progress: OllamaPullProgress[] = [];
    const provider = new OllamaBuilder().withBaseUrl(emulator.url('/v1')).withModel('gemma3:1b').withEnsureModel((p) => progress.push(p)).build();
    await Promise.all([provider.complete(ask), provider.complete(ask)]);
    await provider.complete(ask);
    expect(paths()).toEqual(['GET /api/version', 'GET /api/tags', 'POST /api/pull', 'POST /v1/chat/completions', 'POST /v1/chat/completions', 'POST /v1/chat/completions']);
    expect(emulator.requests()[2].body).toMatchObject({ model: 'gemma3:1b', stream: true });
    expect(progress.map((p) => p.status)).toEqual(expect.arrayContaining(['pulling manifest', 'verifying sha256 digest', 'success']));
    expect(progress.some((p) => p.total === 4_000_000 && p.completed === 2_500_000)).toBe(true);
  });

  it('does not pull a model the server lists (llama3.2 is llama3.2:latest), streamed requests included', async () => {
    const provider = new OllamaBuilder().withBaseUrl(emulator.url('/v1')).withModel('llama3.2').withEnsureModel().build();
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => provider.stream(ask).subscribe({ next: (e) => events.push(e.type), error: reject, complete: resolve }));
    expect(events.at(-1)).toBe('step-finish');
    expect(paths()).toEqual(['GET /api/version', 'GET /api/tags', 'POST /v1/chat/completions']);
  });

  it('a model the registry lacks fails with a typed error and no chat request; the next request checks again', async () => {
    const provider = new OllamaBuilder().withBaseUrl(emulator.url('/v1')).withModel('missing-model').withEnsureModel().build();
    const first = await provider.complete(ask).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ChatError);
    expect((first as Error).message).toContain('missing-model');
    expect(paths()).not.toContain('POST /v1/chat/completions');
    await provider.complete(ask).catch(() => undefined);
    expect(paths().filter((p) => p === 'GET /api/version')).toHaveLength(2);
  });

  it('an unreachable server is a NetworkError that says how to start or find it', async () => {
    const provider = new OllamaBuilder().withBaseUrl('http://127.0.0.1:1/v1').withModel('llama3.2').withEnsureModel().build();
    const error = await provider.complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/no Ollama server answers at http:\/\/127\.0\.0\.1:1.*OLLAMA_HOST/);
  });

  it('the default host follows OLLAMA_HOST', async () => {
    const saved = process.env.OLLAMA_HOST;
    process.env.OLLAMA_HOST = `127.0.0.1:${emulator.port}`;
    try {
      const provider = new OllamaBuilder().withModel('qwen3:0.6b').withEnsureModel().build();
      expect(provider.baseUrl).toBe(`http://127.0.0.1:${emulator.port}/v1`);
      expect(await provider.ensureModel()).toBe(false);
      expect(await provider.ensureModel('phi4-mini')).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.OLLAMA_HOST;
      else process.env.OLLAMA_HOST = saved;
    }
  });
});
