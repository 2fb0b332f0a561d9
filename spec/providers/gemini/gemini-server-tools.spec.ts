import type { Message } from '../../../lib/core/message.types';
import type { JsonObject } from '../../../lib/core/json.types';
import type { EmulatedReply } from '../../../lib/testing/emulator';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { geminiOn, sentBody, user, userRequest } from '../../support/gemini-emulator';

/** A reply whose exact 200 body is given (parts the neutral script cannot express). */
const raw = (body: JsonObject): EmulatedReply => ({ error: { status: 200, body } });

describe('Gemini tool combination and other wire parts', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('keeps server-side toolCall/toolResponse parts and sends them back with the function call and its id', async () => {
    emulator.script([
      raw({
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { toolCall: { id: 'srv1', toolType: 'GOOGLE_SEARCH', args: { queries: ['northernmost US city'] } }, thoughtSignature: 'U0lHMQ==' },
                { toolResponse: { id: 'srv1', toolType: 'GOOGLE_SEARCH', response: { search_suggestions: 'Utqiagvik' } } },
                { functionCall: { id: 'fc1', name: 'getWeather', args: { city: 'Utqiagvik' } }, thoughtSignature: 'U0lHMg==' },
              ],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, toolUsePromptTokenCount: 20, totalTokenCount: 35 },
        modelVersion: 'gemini-3-flash-preview',
      }),
      { text: 'Cold.' },
    ]);
    const provider = geminiOn(emulator, 'gemini-3-flash-preview').withGoogleSearch().build();
    const tools = [{ name: 'getWeather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    const first = await provider.complete(userRequest('Northernmost US city and its weather?', { tools }));
    expect(first.parts.map((p) => (p.type === 'provider' ? p.kind : p.type))).toEqual(['reasoning', 'toolCall', 'toolResponse', 'reasoning', 'tool-call']);
    expect(first.usage).toEqual({ inputTokens: 30, outputTokens: 5, totalTokens: 35 });
    expect(first.finishReason.unified).toBe('tool-calls');
    expect(sentBody(emulator).toolConfig).toEqual({ includeServerSideToolInvocations: true });

    const messages: Message[] = [
      user('Northernmost US city and its weather?'),
      { role: 'assistant', parts: first.parts },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'fc1', name: 'getWeather', content: '{"celsius":-20}' }] },
    ];
    await provider.complete({ messages, tools });
    expect((sentBody(emulator, 1).contents as JsonObject[]).slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          { toolCall: { id: 'srv1', toolType: 'GOOGLE_SEARCH', args: { queries: ['northernmost US city'] } }, thoughtSignature: 'U0lHMQ==' },
          { toolResponse: { id: 'srv1', toolType: 'GOOGLE_SEARCH', response: { search_suggestions: 'Utqiagvik' } } },
          { functionCall: { id: 'fc1', name: 'getWeather', args: { city: 'Utqiagvik' } }, thoughtSignature: 'U0lHMg==' },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { id: 'fc1', name: 'getWeather', response: { output: { celsius: -20 } } } }] },
    ]);
  });

  it('maps fileData and non-image inlineData in answers to file parts', async () => {
    emulator.script([
      raw({
        candidates: [
          {
            content: { role: 'model', parts: [{ inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } }, { fileData: { fileUri: 'https://x.test/a.png', mimeType: 'image/png' } }] },
            finishReason: 'STOP',
          },
        ],
      }),
    ]);
    const res = await geminiOn(emulator).build().complete(userRequest('x'));
    expect(res.parts).toEqual([
      { type: 'file', source: { kind: 'base64', data: 'UklGRg==', mediaType: 'audio/wav' } },
      { type: 'image', source: { kind: 'url', url: 'https://x.test/a.png', mediaType: 'image/png' } },
    ]);
    expect(res.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
  });
});
