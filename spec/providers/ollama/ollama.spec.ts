import { lastValueFrom, toArray } from 'rxjs';
import { InvalidRequestError, InvalidResponseError } from '../../../lib/errors';
import { OllamaBuilder, resolveOllamaHost, type OllamaPullProgress } from '../../../lib/providers/ollama';
import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';
import { FixtureServer, ndjsonBody } from '../../support/fixture-server';
import { ask, collect, failure } from '../completions/completions-spec.helpers';

function typeStateChecks(): void {
  // @ts-expect-error build() needs a model
  new OllamaBuilder().build();
  // @ts-expect-error build() needs a model, whatever else is set
  new OllamaBuilder().withBaseUrl('http://x/v1').withEmbeddings('e').build();
  new OllamaBuilder().withEmbeddings('e', 'compatible').withModel('m').build();
}

describe('OLLAMA_HOST resolution (as the Ollama CLI reads it)', () => {
  it.each([
    [undefined, 'http://127.0.0.1:11434'],
    ['', 'http://127.0.0.1:11434'],
    ['0.0.0.0', 'http://0.0.0.0:11434'],
    ['gpu-box:9000', 'http://gpu-box:9000'],
    [':9000', 'http://127.0.0.1:9000'],
    ['http://gpu-box', 'http://gpu-box:80'],
    ['https://ollama.example.com/', 'https://ollama.example.com:443'],
    ['https://example.com:8443/ollama', 'https://example.com:8443/ollama'],
    ['[::1]:11435', 'http://[::1]:11435'],
    ['::1', 'http://[::1]:11434'],
  ])('%p → %s', (value, expected) => {
    expect(resolveOllamaHost(value)).toBe(expected);
  });
});

describe('OllamaProvider (emulator)', () => {
  let emulator: ProviderEmulator;
  const saved = process.env.OLLAMA_HOST;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    process.env.OLLAMA_HOST = `127.0.0.1:${emulator.port}`;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = saved;
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  it('needs no key, defaults to OLLAMA_HOST + /v1, and chats and streams over the compatible endpoint', async () => {
    expect(typeof typeStateChecks).toBe('function');
    const ollama = new OllamaBuilder().withModel('llama3.2').build();
    expect(ollama.id).toBe('ollama');
    expect(ollama.nativeUrl).toBe(`http://127.0.0.1:${emulator.port}`);
    emulator.script([{ text: 'Hi there', reasoning: 'greet' }, { text: 'Streamed' }]);
    const res = await ollama.complete(ask('hello'));
    expect(res.parts).toEqual([
      { type: 'reasoning', text: 'greet', origin: { provider: 'ollama', model: 'llama3.2' } },
      { type: 'text', text: 'Hi there' },
    ]);
    const events = await collect(ollama.stream(ask('again')));
    expect(events.at(-1)).toMatchObject({ type: 'step-finish', response: { parts: [{ type: 'text', text: 'Streamed' }] } });
    const [first] = emulator.requests();
    expect(first.path).toBe('/v1/chat/completions');
    expect(first.headers.authorization).toBeUndefined();
  });

  it('ping(), version() and listModels() use the native API; ping() is false when nothing listens', async () => {
    const ollama = new OllamaBuilder().withModel('m').build();
    expect(await ollama.ping()).toBe(true);
    expect(await ollama.version()).toMatch(/^\d+\.\d+\.\d+$/);
    const models = await ollama.listModels();
    expect(models.map((m) => m.name)).toContain('llama3.2:latest');
    expect(emulator.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/version', 'GET /api/version', 'GET /api/tags']);
    const down = new OllamaBuilder().withBaseUrl('http://127.0.0.1:1/v1').withModel('m').build();
    expect(await down.ping()).toBe(false);
  });

  it('pull() reports NDJSON progress until success', async () => {
    const ollama = new OllamaBuilder().withModel('m').build();
    const seen: OllamaPullProgress[] = [];
    await ollama.pull('qwen3:0.6b', (p) => seen.push(p));
    expect(seen[0].status).toBe('pulling manifest');
    expect(seen.at(-1)!.status).toBe('success');
    const downloads = seen.filter((p) => p.total !== undefined);
    expect(downloads.length).toBeGreaterThan(1);
    expect(downloads.map((p) => p.completed)).toEqual([...downloads.map((p) => p.completed!)].sort((a, b) => a - b));
    expect(downloads.at(-1)!.completed).toBe(downloads.at(-1)!.total);
    expect(emulator.requests().at(-1)!.body).toEqual({ model: 'qwen3:0.6b', stream: true });
    const values = await lastValueFrom(ollama.pullProgress('llama3.2').pipe(toArray()));
    expect(values.at(-1)!.status).toBe('success');
  });

  it('pull() of a missing model is an InvalidRequestError; a cut progress stream is an InvalidResponseError', async () => {
    const ollama = new OllamaBuilder().withModel('m').build();
    const missing = await failure(ollama.pull('missing-model'));
    expect(missing).toBeInstanceOf(InvalidRequestError);
    expect(missing.message).toContain('file does not exist');
    const server = await FixtureServer.start();
    try {
      server.enqueue({ headers: { 'content-type': 'application/x-ndjson' }, body: ndjsonBody([{ status: 'pulling manifest' }]) });
      server.enqueue({ headers: { 'content-type': 'application/x-ndjson' }, body: '{"status":"pulling manifest"}\n{"status":\n' });
      const remote = new OllamaBuilder().withBaseUrl(server.url('/v1')).withModel('m').build();
      expect(await failure(remote.pull('x'))).toBeInstanceOf(InvalidResponseError);
      expect(await failure(remote.pull('x'))).toBeInstanceOf(InvalidResponseError);
      expect(server.requests[0].path).toBe('/api/pull');
    } finally {
      await server.close();
    }
  });

  it('embeds through native /api/embed by default, or /v1/embeddings', async () => {
    const texts = ['one', 'two'];
    const native = new OllamaBuilder().withModel('m').withEmbeddings('nomic-embed-text').build();
    const compatible = new OllamaBuilder().withModel('m').withEmbeddings('nomic-embed-text', 'compatible').build();
    for (const provider of [native, compatible]) {
      const res = await provider.embed({ texts, dimensions: 6 });
      expect(res.dimensions).toBe(6);
      res.vectors.forEach((v, i) => Array.from(v).forEach((x, j) => expect(x).toBeCloseTo(emulatedEmbedding(texts[i], 6)[j], 5)));
      expect(res.provider).toBe('ollama');
    }
    expect(emulator.requests().map((r) => r.path)).toEqual(['/api/embed', '/v1/embeddings']);
    expect(emulator.requests()[0].body).toEqual({ model: 'nomic-embed-text', input: texts, dimensions: 6 });
  });
});
