import { ContentFilterError } from '../../../lib/errors';
import type { ProviderPart, TextPart, ToolCallPart } from '../../../lib/core/content-part.types';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { geminiOn, userRequest } from '../../support/gemini-emulator';

describe('GeminiProvider.complete (emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('returns text, usage, finish reason and ids', async () => {
    emulator.script([{ text: 'Paris is the capital.', usage: { input: 12, output: 5 } }]);
    const res = await geminiOn(emulator).build().complete(userRequest('Capital of France?'));
    expect(res.parts).toEqual([{ type: 'text', text: 'Paris is the capital.' }]);
    expect(res.usage).toEqual({ inputTokens: 12, outputTokens: 5, totalTokens: 17 });
    expect(res.finishReason).toEqual({ unified: 'stop', raw: 'STOP' });
    expect(res.metadata.provider).toBe('gemini');
    expect(res.metadata.model).toBe('gemini-2.5-flash');
    expect(res.metadata.id).toMatch(/^resp_/);
  });

  it('keeps thoughts as reasoning parts and the thought signature with the gemini origin', async () => {
    emulator.script([{ reasoning: 'Think about it.', reasoningSignature: 'c2lnbmF0dXJl', text: 'Done.', usage: { input: 3, output: 10, reasoning: 6 } }]);
    const res = await geminiOn(emulator).build().complete(userRequest('Go'));
    const origin = { provider: 'gemini', model: 'gemini-2.5-flash' };
    expect(res.parts).toEqual([
      { type: 'reasoning', text: 'Think about it.', origin },
      { type: 'reasoning', text: '', signature: 'c2lnbmF0dXJl', origin },
      { type: 'text', text: 'Done.' },
    ]);
    expect(res.usage).toEqual({ inputTokens: 3, outputTokens: 10, reasoningTokens: 6, totalTokens: 13 });
  });

  it('maps parallel function calls, with synthetic ids when Gemini sends none and its own otherwise', async () => {
    emulator.script([
      {
        toolCalls: [
          { name: 'weather', arguments: { city: 'Paris' } },
          { id: 'fc_2', name: 'time', arguments: { zone: 'CET' } },
        ],
      },
    ]);
    const res = await geminiOn(emulator).build().complete(userRequest('Weather and time?'));
    const calls = res.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
    expect(calls.map((c) => [c.name, c.arguments, c.status])).toEqual([
      ['weather', { city: 'Paris' }, 'pending'],
      ['time', { zone: 'CET' }, 'pending'],
    ]);
    expect(calls[0].id).toMatch(/^gemini-call-/);
    expect(calls[1].id).toBe('fc_2');
    expect(res.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
  });

  it('returns structured output as the JSON text', async () => {
    emulator.script([{ json: { city: 'Paris', population: 2100000 } }]);
    const res = await geminiOn(emulator).build().complete(
      userRequest('Describe Paris', { responseFormat: { name: 'City', schema: { type: 'object', properties: { city: { type: 'string' } } } } }),
    );
    expect(JSON.parse((res.parts[0] as TextPart).text)).toEqual({ city: 'Paris', population: 2100000 });
  });

  it('puts Google Search grounding on the text as sources and keeps the metadata', async () => {
    emulator.script([{ text: 'It rained in Paris.', sources: [{ url: 'https://example.com/a', title: 'A' }, { url: 'https://example.com/b' }] }]);
    const res = await geminiOn(emulator).withGoogleSearch().build().complete(userRequest('Weather news Paris'));
    const text = res.parts.find((p): p is TextPart => p.type === 'text');
    expect(text?.sources).toEqual([
      { url: 'https://example.com/a', title: 'A', startIndex: 0, endIndex: 19 },
      { url: 'https://example.com/b', title: 'example.com', startIndex: 0, endIndex: 19 },
    ]);
    const grounding = res.parts.find((p): p is ProviderPart => p.type === 'provider' && p.kind === 'groundingMetadata');
    expect(grounding?.data.webSearchQueries).toEqual(['Weather news Paris']);
  });

  it('returns code execution as provider parts beside the text', async () => {
    emulator.script([{ codeExecution: { code: 'print(6*7)', output: '42\n' }, text: 'The answer is 42.' }]);
    const res = await geminiOn(emulator).withCodeExecution().build().complete(userRequest('6*7?'));
    expect(res.parts.map((p) => (p.type === 'provider' ? p.kind : p.type))).toEqual(['executableCode', 'codeExecutionResult', 'text']);
    expect((res.parts[0] as ProviderPart).data).toEqual({ language: 'PYTHON', code: 'print(6*7)' });
    expect((res.parts[1] as ProviderPart).data).toEqual({ outcome: 'OUTCOME_OK', output: '42\n' });
    expect((res.parts[0] as ProviderPart).origin.provider).toBe('gemini');
  });

  it('returns generated images as image parts', async () => {
    emulator.script([{ text: 'Here.', images: [{ data: 'iVBORw0KGgo=', mediaType: 'image/png' }] }]);
    const res = await geminiOn(emulator).build().complete(userRequest('Draw'));
    expect(res.parts[1]).toEqual({ type: 'image', source: { kind: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } });
  });

  it.each([
    ['length', 'MAX_TOKENS', 'length'],
    ['content-filter', 'SAFETY', 'content-filter'],
  ] as const)('maps finish reason %s', async (finishReason, raw, unified) => {
    emulator.script([{ text: 'cut', finishReason }]);
    const res = await geminiOn(emulator).build().complete(userRequest('x'));
    expect(res.finishReason).toEqual({ unified, raw });
  });

  it('maps a malformed function call to an error finish', async () => {
    emulator.script([{ toolCalls: [{ name: 'weather', arguments: '{"city": Par' }] }]);
    const res = await geminiOn(emulator).build().complete(userRequest('x'));
    expect(res.finishReason).toEqual({ unified: 'error', raw: 'MALFORMED_FUNCTION_CALL' });
    expect(res.parts.some((p) => p.type === 'tool-call')).toBe(false);
  });

  it('throws ContentFilterError for a blocked prompt', async () => {
    emulator.script([{ finishReason: 'refusal' }]);
    const error = await geminiOn(emulator).build().complete(userRequest('bad')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentFilterError);
    expect((error as ContentFilterError).code).toBe('PROHIBITED_CONTENT');
    expect((error as ContentFilterError).provider).toBe('gemini');
  });

  it('echoes the last user text without a script', async () => {
    const res = await geminiOn(emulator).build().complete(userRequest('hello there'));
    expect((res.parts[0] as TextPart).text).toBe('Emulated reply to: hello there');
    expect(res.parts).toHaveLength(1);
  });
});
