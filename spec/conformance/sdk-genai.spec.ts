import { ApiError, GoogleGenAI, Type, type FunctionDeclaration } from '@google/genai';
import type { ProviderEmulator } from '../../lib/testing';
import { emulatedEmbedding } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';

/**
 * The emulator as the official `@google/genai` SDK sees it (Gemini API wire): an app built on
 * GoogleGenAI must get from `chat-ts/testing` what it gets from the Gemini API.
 */

const WEATHER: FunctionDeclaration = {
  name: 'weather',
  description: 'Weather in a city',
  parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
};
const PARALLEL = [
  { name: 'weather', arguments: { city: 'Paris, the capital of France' } },
  { name: 'weather', arguments: { city: 'Rome, the capital of Italy' } },
];
const MODEL = 'gemini-2.5-flash';

describe('official @google/genai SDK against the emulator', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  // `fetch`: under jest's sandbox the SDK cannot reach Node's undici global dispatcher it wraps by
  // default ("Undici globalDispatcher is not available"); handing it the global fetch is what a jest
  // user does too. One attempt, so error cases are seen as sent.
  const client = (): GoogleGenAI =>
    new GoogleGenAI({ apiKey: 'emulated-key', httpOptions: { baseUrl: emulator.url(), fetch: (input, init) => fetch(input, init), retryOptions: { attempts: 1 } } });

  it('plain: models.generateContent returns the scripted text and usage', async () => {
    emulator.script([{ text: 'Hi from the emulator', usage: { input: 3, output: 4 } }]);
    const response = await client().models.generateContent({ model: MODEL, contents: 'Hello there' });
    expect(response.text).toBe('Hi from the emulator');
    expect(response.candidates?.[0].finishReason).toBe('STOP');
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 3, candidatesTokenCount: 4 });
    expect(emulator.requests()[0].path).toBe(`/v1beta/models/${MODEL}:generateContent`);
  });

  it('stream: generateContentStream yields the text in pieces', async () => {
    emulator.script([{ text: 'one two three' }]);
    const pieces: string[] = [];
    for await (const chunk of await client().models.generateContentStream({ model: MODEL, contents: 'Hello there' })) {
      if (chunk.text) pieces.push(chunk.text);
    }
    expect(pieces.join('')).toBe('one two three');
    expect(pieces.length).toBeGreaterThan(1);
    expect(emulator.requests()[0].stream).toBe(true);
  });

  it('parallel function calls through generateContentStream, arguments whole', async () => {
    emulator.script([{ toolCalls: PARALLEL }]);
    const calls: Array<{ name?: string; args?: Record<string, unknown> }> = [];
    const stream = await client().models.generateContentStream({ model: MODEL, contents: 'Weather?', config: { tools: [{ functionDeclarations: [WEATHER] }] } });
    for await (const chunk of stream) calls.push(...(chunk.functionCalls ?? []).map((c) => ({ name: c.name, args: c.args })));
    expect(calls).toEqual(PARALLEL.map((c) => ({ name: c.name, args: c.arguments })));
    const sent = emulator.requests()[0].body as { tools: Array<{ functionDeclarations: Array<{ name: string }> }> };
    expect(sent.tools[0].functionDeclarations[0].name).toBe('weather');
  });

  it('structured output: responseMimeType + responseSchema comes back as the JSON text', async () => {
    emulator.script([{ json: { city: 'Paris', celsius: 21 } }]);
    const response = await client().models.generateContent({
      model: MODEL,
      contents: 'Weather?',
      config: {
        responseMimeType: 'application/json',
        responseSchema: { type: Type.OBJECT, properties: { city: { type: Type.STRING }, celsius: { type: Type.NUMBER } } },
      },
    });
    expect(JSON.parse(response.text ?? '')).toEqual({ city: 'Paris', celsius: 21 });
  });

  it('reasoning: thought parts (includeThoughts) stream before the answer', async () => {
    emulator.script([{ reasoning: 'Weigh both options.', text: 'Done.' }]);
    let thoughts = '';
    let answer = '';
    const stream = await client().models.generateContentStream({ model: MODEL, contents: 'Hi', config: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } });
    for await (const chunk of stream) {
      for (const part of chunk.candidates?.[0].content?.parts ?? []) {
        if (part.thought) thoughts += part.text ?? '';
        else if (answer === '' && thoughts === '') throw new Error('answer before thoughts');
        else answer += part.text ?? '';
      }
    }
    expect(thoughts).toBe('Weigh both options.');
    expect(answer).toBe('Done.');
  });

  it('embeddings: models.embedContent returns the deterministic vectors', async () => {
    const response = await client().models.embedContent({ model: 'gemini-embedding-001', contents: ['alpha', 'beta'], config: { outputDimensionality: 8 } });
    expect(response.embeddings?.map((e) => e.values)).toEqual([emulatedEmbedding('alpha', 8), emulatedEmbedding('beta', 8)]);
  });

  it.each([400, 403, 429, 500])('errors: %d reaches the SDK as an ApiError with its status', async (status) => {
    emulator.script([{ error: { status } }]);
    const error = await client()
      .models.generateContent({ model: MODEL, contents: 'Hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(status);
    expect((error as ApiError).message).toContain(String(status));
    expect(emulator.requests()).toHaveLength(1);
  });
});
