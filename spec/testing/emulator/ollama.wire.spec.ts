import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';

const lines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe("emulator: Ollama's native API", () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const post = (path: string, body: unknown) => fetch(emulator.url(path), { method: 'POST', body: JSON.stringify(body) });

  it('GET /, /api/version and /api/tags', async () => {
    expect(await (await fetch(emulator.url('/'))).text()).toBe('Ollama is running');
    expect(await (await fetch(emulator.url('/api/version'))).json()).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    const tags = (await (await fetch(emulator.url('/api/tags'))).json()) as { models: unknown[] };
    expect(tags.models[0]).toMatchObject({ name: expect.any(String), model: expect.any(String), size: expect.any(Number), digest: expect.any(String) });
  });

  it('POST /api/pull streams NDJSON progress; stream:false answers once', async () => {
    const res = await post('/api/pull', { model: 'llama3.2' });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const progress = lines(await res.text());
    expect(progress.map((p) => p.status)).toEqual(expect.arrayContaining(['pulling manifest', 'verifying sha256 digest', 'writing manifest', 'success']));
    expect(progress.some((p) => typeof p.total === 'number' && typeof p.completed === 'number' && typeof p.digest === 'string')).toBe(true);
    expect(await (await post('/api/pull', { model: 'llama3.2', stream: false })).json()).toEqual({ status: 'success' });
    expect(lines(await (await post('/api/pull', { model: 'missing-x' })).text()).at(-1)).toEqual({ error: expect.stringContaining('does not exist') });
  });

  it('POST /api/chat streams NDJSON by default with thinking, content, tool calls and final counters', async () => {
    emulator.script([{ text: 'Hi you', reasoning: 'hmm', toolCalls: [{ name: 'f', arguments: { a: 1 } }], usage: { input: 3, output: 4 } }, { text: 'whole' }]);
    const streamed = lines(await (await post('/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })).text());
    const messages = streamed.map((l) => l.message as Record<string, unknown>);
    expect(messages.map((m) => m.thinking).filter(Boolean)).toEqual(['hmm']);
    expect(messages.map((m) => m.content).join('')).toBe('Hi you');
    expect(messages.flatMap((m) => (m.tool_calls as unknown[]) ?? [])).toEqual([{ function: { name: 'f', arguments: { a: 1 } } }]);
    expect(streamed.at(-1)).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 3, eval_count: 4 });
    expect(streamed.slice(0, -1).every((l) => l.done === false)).toBe(true);
    const whole = await (await post('/api/chat', { model: 'llama3.2', stream: false, messages: [{ role: 'user', content: 'hi' }] })).json();
    expect(whole).toMatchObject({ message: { role: 'assistant', content: 'whole' }, done: true });
  });

  it('POST /api/embed returns deterministic embeddings; errors are {"error": "..."}', async () => {
    const res = (await (await post('/api/embed', { model: 'nomic-embed-text', input: ['a', 'b'] })).json()) as { embeddings: number[][]; prompt_eval_count: number };
    expect(res.embeddings).toEqual([emulatedEmbedding('a'), emulatedEmbedding('b')]);
    expect(res.prompt_eval_count).toBeGreaterThan(0);
    emulator.script([{ error: { status: 404, message: 'model "nope" not found, try pulling it first' } }]);
    const error = await post('/api/chat', { model: 'nope', messages: [] });
    expect(error.status).toBe(404);
    expect(await error.json()).toEqual({ error: 'model "nope" not found, try pulling it first' });
  });
});
