import { emulatedEmbedding } from '../../../../lib/testing/emulator/emulated-embedding';
import { ProviderEmulator } from '../../../../lib/testing/emulator/provider-emulator';

/** Raw checks of the emulator's Gemini wire, with plain fetch (no chat-ts provider involved). */
describe('emulator gemini wire', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  const post = (session: string, method: string, body: object, model = 'gemini-2.5-flash'): Promise<Response> =>
    fetch(emulator.url(`/v1beta/models/${model}:${method}`, session), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify(body),
    });
  const ask = { contents: [{ role: 'user', parts: [{ text: 'What is new?' }] }] };
  type Event = { candidates?: Array<{ content?: { parts: Array<Record<string, unknown>> }; finishReason?: string; groundingMetadata?: Record<string, unknown> }>; usageMetadata?: Record<string, number> };

  it('answers generateContent with candidates, thoughts, a signed function call and usage', async () => {
    emulator.script([{ reasoning: 'Plan.', reasoningSignature: 'U0lH', text: 'Calling.', toolCalls: [{ id: 'fc1', name: 'f', arguments: { a: 1 } }], usage: { input: 9, output: 20, reasoning: 5, cached: 4 } }], 'g1');
    const res = await post('g1', 'generateContent', ask);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as Event & { modelVersion: string; responseId: string };
    expect(body.candidates).toEqual([
      {
        content: {
          role: 'model',
          parts: [{ text: 'Plan.', thought: true }, { text: 'Calling.' }, { functionCall: { id: 'fc1', name: 'f', args: { a: 1 } }, thoughtSignature: 'U0lH' }],
        },
        finishReason: 'STOP',
        index: 0,
      },
    ]);
    expect(body.usageMetadata).toMatchObject({ promptTokenCount: 9, candidatesTokenCount: 15, thoughtsTokenCount: 5, cachedContentTokenCount: 4, totalTokenCount: 29 });
    expect(body.modelVersion).toBe('gemini-2.5-flash');
  });

  it('streams data: events separated by CRLF CRLF, finish reason and grounding on the last one', async () => {
    emulator.script([{ text: 'Rain in Paris today.', sources: [{ url: 'https://news.test/a', title: 'A' }] }], 'g2');
    const res = await post('g2', 'streamGenerateContent', ask);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const raw = await res.text();
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
    const frames = raw.split('\r\n\r\n').filter((f) => f !== '');
    expect(frames.length).toBeGreaterThan(2);
    expect(frames.every((f) => f.startsWith('data: ') && !f.includes('\n'))).toBe(true);
    const events = frames.map((f) => JSON.parse(f.slice(6)) as Event);
    const text = events.flatMap((e) => e.candidates?.[0].content?.parts ?? []).map((p) => p.text ?? '').join('');
    expect(text).toBe('Rain in Paris today.');
    const last = events[events.length - 1].candidates?.[0];
    expect(last?.finishReason).toBe('STOP');
    expect(events.slice(0, -1).every((e) => e.candidates?.[0].finishReason === undefined)).toBe(true);
    expect(last?.groundingMetadata).toMatchObject({
      webSearchQueries: ['What is new?'],
      groundingChunks: [{ web: { uri: 'https://news.test/a', title: 'A' } }],
      groundingSupports: [{ segment: { startIndex: 0, endIndex: 20, text: 'Rain in Paris today.' }, groundingChunkIndices: [0] }],
    });
  });

  it('streams partialArgs pieces when the request asks for streamed function arguments', async () => {
    emulator.script([{ toolCalls: [{ name: 'cook', arguments: { recipe: { name: 'Soup', steps: ['Boil water'], serves: 2 } } }] }], 'g3');
    const res = await post('g3', 'streamGenerateContent', { ...ask, toolConfig: { functionCallingConfig: { streamFunctionCallArguments: true } } });
    const parts = (await res.text())
      .split('\r\n\r\n')
      .filter((f) => f !== '')
      .map((f) => (JSON.parse(f.slice(6)) as Event).candidates?.[0].content?.parts[0].functionCall);
    expect(parts[0]).toEqual({ name: 'cook', willContinue: true });
    expect(parts[parts.length - 1]).toEqual({});
    const paths = parts.flatMap((p) => ((p as { partialArgs?: Array<{ jsonPath: string }> }).partialArgs ?? []).map((a) => a.jsonPath));
    expect([...new Set(paths)]).toEqual(['$.recipe.name', '$.recipe.steps[0]', '$.recipe.serves']);
  });

  it('renders errors in Google\'s shape, with RetryInfo on 429', async () => {
    emulator.script([{ error: { status: 429, retryAfter: 20 } }, { error: { status: 400, code: 'API_KEY_INVALID', message: 'API key not valid.' } }], 'g4');
    const limited = await post('g4', 'generateContent', ask);
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { error: { code: number; status: string; details: Array<Record<string, unknown>> } };
    expect(body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(body.error.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' });
    const invalid = (await (await post('g4', 'generateContent', ask)).json()) as { error: { status: string; details: Array<Record<string, unknown>> } };
    expect(invalid.error.status).toBe('INVALID_ARGUMENT');
    expect(invalid.error.details[0]).toMatchObject({ reason: 'API_KEY_INVALID' });
  });

  it('answers a refusal as a blocked prompt and content-filter as SAFETY', async () => {
    emulator.script([{ finishReason: 'refusal' }, { text: '', finishReason: 'content-filter' }], 'g5');
    const blocked = (await (await post('g5', 'generateContent', ask)).json()) as { candidates?: unknown; promptFeedback: { blockReason: string } };
    expect(blocked.candidates).toBeUndefined();
    expect(blocked.promptFeedback.blockReason).toBe('PROHIBITED_CONTENT');
    const filtered = (await (await post('g5', 'generateContent', ask)).json()) as Event;
    expect(filtered.candidates?.[0]).toMatchObject({ finishReason: 'SAFETY' });
  });

  it('embeds with embedContent and batchEmbedContents (dimensions per request)', async () => {
    const one = (await (await post('g6', 'embedContent', { content: { parts: [{ text: 'hi' }] }, outputDimensionality: 5 }, 'gemini-embedding-001')).json()) as { embedding: { values: number[] } };
    expect(one.embedding.values).toEqual(emulatedEmbedding('hi', 5));
    const batch = (await (
      await post('g6', 'batchEmbedContents', { requests: ['a', 'b'].map((text) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text }] }, outputDimensionality: 3 })) }, 'gemini-embedding-001')
    ).json()) as { embeddings: Array<{ values: number[] }> };
    expect(batch.embeddings.map((e) => e.values)).toEqual([emulatedEmbedding('a', 3), emulatedEmbedding('b', 3)]);
  });
});
