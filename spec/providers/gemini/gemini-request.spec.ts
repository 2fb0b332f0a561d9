import type { Message } from '../../../lib/core/message.types';
import type { JsonObject } from '../../../lib/core/json.types';
import { UnsupportedFeatureError } from '../../../lib/errors';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { collect, GEMINI_TEST_KEY, geminiOn, sentBody, user, userRequest } from '../../support/gemini-emulator';

const gemini = { provider: 'gemini', model: 'gemini-2.5-flash' };
const claude = { provider: 'claude', model: 'claude-sonnet-4' };

describe('Gemini request bodies (emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('sends the key as x-goog-api-key, never in the URL', async () => {
    await geminiOn(emulator).withHeaders({ 'x-team': 'a' }).build().complete(userRequest('hi'));
    const request = emulator.requests()[0];
    expect(request.headers['x-goog-api-key']).toBe(GEMINI_TEST_KEY);
    expect(request.headers['x-team']).toBe('a');
    expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(JSON.stringify(request)).not.toMatch(/key=/);
    expect(sentBody(emulator)).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
  });

  it('maps system, roles, media and tool results (merged into one user turn)', async () => {
    const messages: Message[] = [
      { role: 'system', parts: [{ type: 'text', text: 'Be brief.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { kind: 'base64', data: 'AAAA', mediaType: 'image/png' } },
          { type: 'image', source: { kind: 'url', url: 'https://x.test/cat.jpg' } },
          { type: 'image', source: { kind: 'url', url: 'data:image/webp;base64,UklG' } },
          { type: 'file', source: { kind: 'url', url: 'gs://bucket/doc.pdf' } },
        ],
      },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', text: '', signature: 'U0lH', origin: gemini },
          { type: 'tool-call', id: 'gemini-call-1', name: 'weather', arguments: { city: 'Paris' }, status: 'completed', origin: gemini },
          { type: 'tool-call', id: 'fc_9', name: 'time', arguments: { zone: 'CET' }, status: 'completed', origin: gemini },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'gemini-call-1', name: 'weather', content: '{"temp":21}' }] },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'fc_9', name: 'time', content: 'no clock', isError: true }] },
    ];
    await geminiOn(emulator).build().complete({ messages, system: 'You are helpful.' });
    expect(sentBody(emulator)).toEqual({
      systemInstruction: { parts: [{ text: 'You are helpful.\n\nBe brief.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Look' },
            { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
            { fileData: { fileUri: 'https://x.test/cat.jpg', mimeType: 'image/jpeg' } },
            { inlineData: { mimeType: 'image/webp', data: 'UklG' } },
            { fileData: { fileUri: 'gs://bucket/doc.pdf', mimeType: 'application/pdf' } },
          ],
        },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'U0lH' },
            { functionCall: { id: 'fc_9', name: 'time', args: { zone: 'CET' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'weather', response: { output: { temp: 21 } } } },
            { functionResponse: { id: 'fc_9', name: 'time', response: { error: 'no clock' } } },
          ],
        },
      ],
    });
  });

  it('sends Gemini thoughts, signatures and provider parts back; drops other providers\' ones, grounding metadata and empty texts', async () => {
    const messages: Message[] = [
      user('q1'),
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', text: 'My thought', origin: gemini },
          { type: 'provider', kind: 'executableCode', data: { language: 'PYTHON', code: 'print(1)' }, origin: gemini },
          { type: 'provider', kind: 'groundingMetadata', data: { webSearchQueries: ['q'] }, origin: gemini },
          { type: 'text', text: '' },
          { type: 'text', text: 'A1' },
          { type: 'reasoning', text: '', signature: 'VFJBSUw=', origin: gemini },
        ],
      },
      user('q2'),
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', text: 'Claude thinking', signature: 'claude-sig', origin: claude },
          { type: 'provider', kind: 'web_search_call', data: { id: 'ws' }, origin: { provider: 'responses', model: 'gpt' } },
          { type: 'text', text: 'A2' },
          { type: 'tool-call', id: 'toolu_1', name: 'lookup', arguments: { q: 'x' }, status: 'completed', origin: claude },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'toolu_1', name: 'lookup', content: 'found' }] },
    ];
    await geminiOn(emulator).build().complete({ messages });
    const contents = sentBody(emulator).contents as JsonObject[];
    expect(contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: 'My thought', thought: true },
        { executableCode: { language: 'PYTHON', code: 'print(1)' } },
        { text: 'A1', thoughtSignature: 'VFJBSUw=' },
      ],
    });
    expect(contents[3]).toEqual({ role: 'model', parts: [{ text: 'A2' }, { functionCall: { name: 'lookup', args: { q: 'x' } } }] });
    expect(contents[4]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'lookup', response: { output: 'found' } } }] });
    expect(JSON.stringify(contents)).not.toContain('claude-sig');
  });

  it('signs unsigned function calls with the documented placeholder for Gemini 3', async () => {
    const messages: Message[] = [
      user('q'),
      { role: 'assistant', parts: [{ type: 'tool-call', id: 'toolu_1', name: 'lookup', arguments: {}, status: 'completed', origin: claude }] },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'toolu_1', name: 'lookup', content: '1' }] },
    ];
    await geminiOn(emulator, 'gemini-3-pro-preview').build().complete({ messages });
    const contents = sentBody(emulator).contents as JsonObject[];
    expect(contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { name: 'lookup', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }] });
  });

  it('round-trips a response\'s signatures into the next request unchanged', async () => {
    emulator.script([{ reasoning: 'Thinking.', reasoningSignature: 'Q0FMTA==', toolCalls: [{ name: 'a', arguments: { n: 1 } }, { name: 'b', arguments: {} }] }, { text: 'ok' }]);
    const provider = geminiOn(emulator).withThinking({ includeThoughts: true }).build();
    const first = await provider.complete(userRequest('go'));
    const calls = first.parts.filter((p) => p.type === 'tool-call');
    const messages: Message[] = [
      user('go'),
      { role: 'assistant', parts: first.parts },
      { role: 'tool', parts: calls.map((c) => ({ type: 'tool-result' as const, callId: (c as { id: string }).id, name: (c as { name: string }).name, content: 'done' })) },
    ];
    await provider.complete({ messages });
    const sent = (sentBody(emulator, 1).contents as JsonObject[])[1];
    expect(sent).toEqual({
      role: 'model',
      parts: [
        { text: 'Thinking.', thought: true },
        { functionCall: { name: 'a', args: { n: 1 } }, thoughtSignature: 'Q0FMTA==' },
        { functionCall: { name: 'b', args: {} } },
      ],
    });
  });

  it('maps tools, tool choice, generation options and thinking', async () => {
    const tools = [{ name: 'weather', description: 'Weather', parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const options = { temperature: 0.2, topP: 0.9, topK: 40, maxTokens: 256, stop: ['END'], seed: 7, reasoning: { effort: 'low' as const } };
    await geminiOn(emulator, 'gemini-3-flash-preview').build().complete(userRequest('x', { tools, toolChoice: { name: 'weather' }, options }));
    const body = sentBody(emulator);
    expect(body.tools).toEqual([
      { functionDeclarations: [{ name: 'weather', description: 'Weather', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }] },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } });
    expect(body.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 256,
      stopSequences: ['END'],
      seed: 7,
      thinkingConfig: { includeThoughts: true, thinkingLevel: 'low' },
    });
  });

  it('uses thinking budgets and the OpenAPI schema subset for older models', async () => {
    const schema = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } }, note: { type: ['string', 'null'] } } };
    await geminiOn(emulator, 'gemini-2.0-flash')
      .withThinking({ budgetTokens: 1024 })
      .build()
      .complete(userRequest('x', { tools: [{ name: 't', description: 'd', parameters: schema }], toolChoice: 'required', responseFormat: { name: 'Out', schema } }));
    const body = sentBody(emulator);
    const adapted = {
      type: 'OBJECT',
      properties: { tags: { type: 'ARRAY', items: { type: 'STRING' } }, note: { type: 'STRING', nullable: true } },
      propertyOrdering: ['tags', 'note'],
    };
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: 't', description: 'd', parameters: adapted }] }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(body.generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 1024 }, responseMimeType: 'application/json', responseSchema: adapted });
  });

  it('restores enum values the OpenAPI subset sent as strings, in tool arguments and structured output', async () => {
    const schema = { type: 'object', properties: { level: { type: 'integer', enum: [1, 2, 3] } }, required: ['level'] };
    emulator.script([{ toolCalls: [{ name: 'setLevel', arguments: { level: '2' } }] }, { json: { level: '3' } }, { toolCalls: [{ name: 'setLevel', arguments: { level: '2' } }] }]);
    const provider = geminiOn(emulator, 'gemini-2.0-flash').build();
    const tools = [{ name: 'setLevel', description: 'd', parameters: schema }];
    const called = await provider.complete(userRequest('x', { tools }));
    expect(called.parts.find((p) => p.type === 'tool-call')).toMatchObject({ arguments: { level: 2 } });
    const structured = await provider.complete(userRequest('x', { responseFormat: { name: 'Level', schema } }));
    expect(structured.parts).toEqual([{ type: 'text', text: '{"level":3}' }]);
    const streamed = await collect(provider.stream(userRequest('x', { tools })));
    const end = streamed.find((e) => e.type === 'tool-call-end');
    expect(end).toMatchObject({ call: { arguments: { level: 2 } } });
    expect(streamed.flatMap((e) => (e.type === 'tool-call-delta' ? [e.delta] : [])).join('')).toBe('{"level":2}');
    expect((sentBody(emulator, 1).generationConfig as JsonObject).responseSchema).toMatchObject({ properties: { level: { type: 'STRING', enum: ['1', '2', '3'] } } });
  });

  it('asks for JSON with responseJsonSchema (definitions → $defs) on current models', async () => {
    const schema = { type: 'object', properties: { a: { $ref: '#/definitions/A' } }, definitions: { A: { type: 'string' } } };
    await geminiOn(emulator).build().complete(userRequest('x', { responseFormat: { name: 'Out', schema } }));
    expect(sentBody(emulator).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { a: { $ref: '#/$defs/A' } }, $defs: { A: { type: 'string' } } },
    });
  });

  it('adds native tools, Maps location and the tool-combination flag on Gemini 3', async () => {
    const provider = geminiOn(emulator, 'gemini-3-pro-preview').withGoogleSearch().withCodeExecution().withGoogleMaps({ latitude: 48.85, longitude: 2.35 }).withUrlContext().build();
    await provider.complete(userRequest('x', { tools: [{ name: 'f', description: 'd', parameters: { type: 'object' } }] }));
    const body = sentBody(emulator);
    expect(body.tools).toEqual([
      { functionDeclarations: [{ name: 'f', description: 'd', parametersJsonSchema: { type: 'object' } }] },
      { googleSearch: {} },
      { codeExecution: {} },
      { googleMaps: {} },
      { urlContext: {} },
    ]);
    expect(body.toolConfig).toEqual({ includeServerSideToolInvocations: true, retrievalConfig: { latLng: { latitude: 48.85, longitude: 2.35 } } });
  });

  it('refuses native tools beside function tools on models before Gemini 3, before sending anything', async () => {
    const provider = geminiOn(emulator, 'gemini-2.5-flash').withGoogleSearch().build();
    const request = userRequest('x', { tools: [{ name: 'f', description: 'd', parameters: { type: 'object' } }] });
    await expect(provider.complete(request)).rejects.toThrow(UnsupportedFeatureError);
    await expect(collect(provider.stream(request))).rejects.toThrow(/cannot use native tools \(google-search\) together with function tools/);
    await expect(provider.complete(userRequest('x', { nativeTools: [{ kind: 'image-generation' }] }))).rejects.toThrow(UnsupportedFeatureError);
    expect(emulator.requests()).toHaveLength(0);
    await provider.complete(userRequest('search only'));
    expect(sentBody(emulator).tools).toEqual([{ googleSearch: {} }]);
  });

  it('merges providerOptions and safety settings into the body', async () => {
    const safety = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }];
    await geminiOn(emulator)
      .withSafetySettings(safety)
      .build()
      .complete(userRequest('x', { options: { temperature: 1 }, providerOptions: { generationConfig: { candidateCount: 1 }, cachedContent: 'cachedContents/abc' } }));
    expect(sentBody(emulator)).toMatchObject({
      safetySettings: safety,
      generationConfig: { temperature: 1, candidateCount: 1 },
      cachedContent: 'cachedContents/abc',
    });
  });
});
