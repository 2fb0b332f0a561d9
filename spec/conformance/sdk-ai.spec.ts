import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, embedMany, generateObject, generateText, jsonSchema, streamText, tool, type LanguageModel } from 'ai';
import type { ProviderEmulator } from '../../lib/testing';
import { emulatedEmbedding } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';

/**
 * The emulator as the Vercel AI SDK (`ai` with `@ai-sdk/openai`, `@ai-sdk/anthropic`,
 * `@ai-sdk/google`) sees it: Chat Completions, Responses, Messages and Gemini wires.
 */

const PARALLEL = [
  { id: 'call_paris', name: 'weather', arguments: { city: 'Paris' } },
  { id: 'call_rome', name: 'weather', arguments: { city: 'Rome' } },
];
const weather = tool({
  description: 'Weather in a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }),
});

describe('Vercel AI SDK against the emulator', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));
  const models = (): Array<[string, LanguageModel]> => [
    ['openai.chat (Chat Completions)', createOpenAI({ apiKey: 'k', baseURL: emulator.url('/v1') }).chat('gpt-4o')],
    ['openai.responses (Responses)', createOpenAI({ apiKey: 'k', baseURL: emulator.url('/v1') }).responses('gpt-5')],
    ['anthropic (Messages)', createAnthropic({ apiKey: 'k', baseURL: emulator.url('/v1') })('claude-sonnet-4-5')],
    ['google (Gemini)', createGoogleGenerativeAI({ apiKey: 'k', baseURL: emulator.url('/v1beta') })('gemini-2.5-flash')],
  ];
  const each = (title: string, body: (model: LanguageModel) => Promise<void>): void =>
    it.each([
      ['openai.chat', 0],
      ['openai.responses', 1],
      ['anthropic', 2],
      ['google', 3],
    ] as const)(`${title} (%s)`, async (_name, index) => body(models()[index][1]));

  each('generateText returns the scripted text', async (model) => {
    emulator.script([{ text: 'Hi from the emulator' }]);
    const result = await generateText({ model, prompt: 'Hello', maxRetries: 0 });
    expect(result.text).toBe('Hi from the emulator');
    expect(result.finishReason).toBe('stop');
  });

  each('streamText streams the text', async (model) => {
    emulator.script([{ text: 'one two three' }]);
    const result = streamText({ model, prompt: 'Hello', maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    expect(pieces.join('')).toBe('one two three');
  });

  each('streamText collects parallel tool calls with their inputs', async (model) => {
    emulator.script([{ toolCalls: PARALLEL, chunkSize: 4 }]);
    const result = streamText({ model, prompt: 'Weather?', tools: { weather }, maxRetries: 0 });
    const calls = await result.toolCalls;
    expect(calls.map((c) => [c.toolName, c.input])).toEqual(PARALLEL.map((c) => [c.name, c.arguments]));
    expect(await result.finishReason).toBe('tool-calls');
  });

  each('generateObject returns the structured reply', async (model) => {
    emulator.script([{ json: { city: 'Paris', celsius: 21 } }]);
    const schema = jsonSchema<{ city: string; celsius: number }>({
      type: 'object',
      properties: { city: { type: 'string' }, celsius: { type: 'number' } },
      required: ['city', 'celsius'],
      additionalProperties: false,
    });
    const result = await generateObject({ model, schema, prompt: 'Weather?', maxRetries: 0 });
    expect(result.object).toEqual({ city: 'Paris', celsius: 21 });
  });

  each('a 429 is an APICallError with its status', async (model) => {
    emulator.script([{ error: { status: 429 } }]);
    const error = await generateText({ model, prompt: 'Hello', maxRetries: 0 }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(429);
  });

  it('reasoning: Claude thinking reaches reasoningText', async () => {
    emulator.script([{ reasoning: 'Weigh it.', text: 'Done.' }]);
    const result = await generateText({
      model: models()[2][1],
      prompt: 'Hello',
      maxRetries: 0,
      providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 2048 } } },
    });
    expect(result.reasoningText).toBe('Weigh it.');
    expect(result.text).toBe('Done.');
  });

  it('embeddings: embedMany through the OpenAI and Google providers', async () => {
    const openai = createOpenAI({ apiKey: 'k', baseURL: emulator.url('/v1') });
    const google = createGoogleGenerativeAI({ apiKey: 'k', baseURL: emulator.url('/v1beta') });
    const viaOpenAI = await embedMany({ model: openai.embedding('text-embedding-3-small'), values: ['alpha', 'beta'], maxRetries: 0 });
    const viaGoogle = await embedMany({ model: google.embedding('gemini-embedding-001'), values: ['alpha', 'beta'], maxRetries: 0 });
    for (const result of [viaOpenAI, viaGoogle]) {
      result.embeddings.forEach((vector, i) => expect(vector.map((v) => Math.round(v * 1e5))).toEqual(emulatedEmbedding(['alpha', 'beta'][i]).map((v) => Math.round(v * 1e5))));
    }
  });
});
