import { emulatedEmbedding, ProviderEmulator, type EmulatedToolCall } from '../../../lib/testing/emulator';

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

function payloads(text: string): string[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      return frame.slice(6);
    });
}

describe('emulator: Chat Completions wire bytes', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const chat = { model: 'gpt-x', messages: [{ role: 'user', content: 'Hello emulator' }] };

  it('answers a whole chat.completion, echoing the last user text when no script is loaded', async () => {
    const res = await post(emulator.url('/v1/chat/completions'), chat);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-x',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Emulated reply to: Hello emulator' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2 },
    });
  });

  it('streams SSE chunks ending in data: [DONE]; the usage chunk only when asked', async () => {
    emulator.script([{ text: 'a b', reasoning: 'r' }, { text: 'a b' }]);
    const withUsage = payloads(await (await post(emulator.url('/v1/chat/completions'), { ...chat, stream: true, stream_options: { include_usage: true } })).text());
    expect(withUsage.at(-1)).toBe('[DONE]');
    const chunks = withUsage.slice(0, -1).map((p) => JSON.parse(p));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta?.reasoning_content).filter(Boolean)).toEqual(['r']);
    expect(chunks.map((c) => c.choices[0]?.delta?.content).filter(Boolean)).toEqual(['a ', 'b']);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    const without = payloads(await (await post(emulator.url('/v1/chat/completions'), { ...chat, stream: true })).text());
    expect(without.slice(0, -1).some((p) => JSON.parse(p).usage)).toBe(false);
  });

  const twoCalls: EmulatedToolCall[] = [{ id: 'c0', name: 'f', arguments: { x: 1 } }, { id: 'c1', name: 'g', arguments: { y: 'long text' } }];
  const toolDeltasOf = async (reply: object): Promise<Array<{ index: number; id?: string; function: { name?: string; arguments: string } }>> => {
    emulator.script([{ toolCalls: twoCalls, chunkSize: 4, ...reply }]);
    const chunks = payloads(await (await post(emulator.url('/v1/chat/completions'), { ...chat, stream: true })).text())
      .slice(0, -1)
      .map((p) => JSON.parse(p));
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
    return chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
  };
  const argumentsOf = (deltas: Array<{ index: number; function: { arguments: string } }>, index: number): unknown =>
    JSON.parse(deltas.filter((d) => d.index === index).map((d) => d.function.arguments).join(''));

  it('streams parallel tool calls one at a time, as OpenAI does: a header, then all of its argument pieces', async () => {
    const deltas = await toolDeltasOf({});
    expect(deltas[0]).toEqual({ index: 0, id: 'c0', type: 'function', function: { name: 'f', arguments: '' } });
    const second = deltas.findIndex((d) => d.index === 1);
    expect(deltas[second]).toEqual({ index: 1, id: 'c1', type: 'function', function: { name: 'g', arguments: '' } });
    expect(deltas.slice(0, second).every((d) => d.index === 0)).toBe(true);
    expect(deltas.slice(second).every((d) => d.index === 1)).toBe(true);
    expect(argumentsOf(deltas, 0)).toEqual({ x: 1 });
    expect(argumentsOf(deltas, 1)).toEqual({ y: 'long text' });
  });

  it('interleaves them when scripted (interleaveToolCalls): every header first, then pieces 0, 1, 0, 1', async () => {
    const deltas = await toolDeltasOf({ interleaveToolCalls: true });
    expect(deltas.slice(0, 2)).toEqual([
      { index: 0, id: 'c0', type: 'function', function: { name: 'f', arguments: '' } },
      { index: 1, id: 'c1', type: 'function', function: { name: 'g', arguments: '' } },
    ]);
    expect(deltas.slice(2, 6).map((d) => d.index)).toEqual([0, 1, 0, 1]);
    expect(argumentsOf(deltas, 0)).toEqual({ x: 1 });
    expect(argumentsOf(deltas, 1)).toEqual({ y: 'long text' });
  });

  it('renders errors in the OpenAI shape with Retry-After', async () => {
    emulator.script([{ error: { status: 429, code: 'insufficient_quota', retryAfter: 3 } }]);
    const res = await post(emulator.url('/v1/chat/completions'), chat);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({
      error: { message: expect.stringContaining('quota'), type: 'insufficient_quota', param: null, code: 'insufficient_quota' },
    });
  });

  it('serves deterministic float and base64 embeddings', async () => {
    const floats = (await (await post(emulator.url('/v1/embeddings'), { model: 'e', input: ['x', 'y'] })).json()) as { data: { embedding: number[] }[] };
    expect(floats.data.map((d) => d.embedding)).toEqual([emulatedEmbedding('x'), emulatedEmbedding('y')]);
    const b64 = (await (await post(emulator.url('/v1/embeddings'), { model: 'e', input: 'x', encoding_format: 'base64', dimensions: 3 })).json()) as {
      data: { embedding: string }[];
    };
    const bytes = Buffer.from(b64.data[0].embedding, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    decoded.forEach((v, i) => expect(v).toBeCloseTo(emulatedEmbedding('x', 3)[i], 5));
  });
});
