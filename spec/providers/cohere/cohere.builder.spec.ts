import { AuthenticationError, ConfigurationError, ContextLengthExceededError, QuotaExceededError, RateLimitError, UnsupportedFeatureError } from '../../../lib/errors';
import { CohereBuilder } from '../../../lib/providers/cohere';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { FixtureServer } from '../../support/fixture-server';
import { collect, userText } from '../../support/responses-helpers';

const KEY = 'co-builder-key-0123456789';
const WEATHER = { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

describe('CohereBuilder (Cohere v2)', () => {
  let emulator: ProviderEmulator;
  let server: FixtureServer;
  beforeAll(async () => ([emulator, server] = await Promise.all([ProviderEmulator.start(), FixtureServer.start()])));
  afterAll(() => Promise.all([emulator.close(), server.close()]));
  beforeEach(() => (emulator.reset(), server.reset()));
  const builder = (url: string) => new CohereBuilder().withBaseUrl(url).withApiKey(KEY).withModel('command-a-03-2025');

  it('maps the conversation to /v2/chat: system, images, sampling, thinking, tools, and the tool plan and calls of past turns', async () => {
    emulator.script([{ text: 'ok' }]);
    await builder(emulator.url()).build().complete({
      system: 'Be brief.',
      messages: [
        { role: 'user', parts: [{ type: 'text', text: 'Look' }, { type: 'image', source: { kind: 'base64', data: 'AAAA', mediaType: 'image/png' } }] },
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', text: 'I will check.', origin: { provider: 'cohere', model: 'command-a-03-2025' } },
            { type: 'tool-call', id: 'weather_1', name: 'weather', arguments: { city: 'Paris' }, status: 'completed' },
          ],
        },
        { role: 'tool', parts: [{ type: 'tool-result', callId: 'weather_1', name: 'weather', content: '{"c":21}' }] },
      ],
      tools: [WEATHER],
      toolChoice: { name: 'weather' },
      options: { temperature: 0.3, maxTokens: 99, topP: 0.9, topK: 40, seed: 7, stop: ['END'], reasoning: { effort: 'low' } },
    });
    expect(emulator.requests()[0].body).toEqual({
      model: 'command-a-03-2025',
      stream: false,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', tool_plan: 'I will check.', tool_calls: [{ id: 'weather_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'weather_1', content: [{ type: 'document', document: { data: '{"c":21}' } }] },
      ],
      tools: [{ type: 'function', function: WEATHER }],
      tool_choice: 'REQUIRED',
      temperature: 0.3,
      max_tokens: 99,
      p: 0.9,
      k: 40,
      seed: 7,
      stop_sequences: ['END'],
      thinking: { type: 'enabled', token_budget: 2048 },
    });
  });

  it('structured output as response_format with the schema; files are refused before sending', async () => {
    emulator.script([{ json: { city: 'Paris' } }]);
    const provider = builder(emulator.url()).build();
    const answer = await provider.complete({ messages: [userText('Where?')], responseFormat: { name: 'place', schema: { type: 'object', properties: { city: { type: 'string' } } } } });
    expect(answer.parts).toEqual([{ type: 'text', text: '{"city":"Paris"}' }]);
    expect(emulator.requests()[0].body).toMatchObject({ response_format: { type: 'json_object', json_schema: { type: 'object', properties: { city: { type: 'string' } } } } });
    await expect(provider.complete({ messages: [{ role: 'user', parts: [{ type: 'file', source: { kind: 'base64', data: 'JVBER', mediaType: 'application/pdf' } }] }] })).rejects.toBeInstanceOf(UnsupportedFeatureError);
    expect(emulator.requests()).toHaveLength(1);
  });

  it('streams from the emulator: thinking and text deltas, a cached-token usage and the finish', async () => {
    emulator.script([{ reasoning: 'Hmm.', text: 'Paris it is.', usage: { input: 7, output: 5, cached: 3 } }]);
    const events = await collect(builder(emulator.url()).build().stream({ messages: [userText('Capital?')] }));
    expect(events.filter((e) => e.type === 'reasoning-delta' || e.type === 'text-delta').map((e) => e.type)).toContain('reasoning-delta');
    const finish = events.at(-1);
    expect(finish?.type === 'step-finish' && finish.response).toMatchObject({ usage: { inputTokens: 7, outputTokens: 5, cachedInputTokens: 3 }, finishReason: { unified: 'stop', raw: 'COMPLETE' } });
  });

  it.each([
    [402, 'Please add a payment method to continue.', QuotaExceededError],
    [498, 'invalid api token', AuthenticationError],
    [400, 'too many tokens: total number of tokens in the prompt cannot exceed 128000 - received 130512.', ContextLengthExceededError],
    [429, 'You are using a Trial key, which is limited to 10 API calls / minute.', RateLimitError],
  ] as const)("types Cohere's documented HTTP %i", async (status, message, cls) => {
    server.enqueue({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'e1', message }) });
    const error = await builder(server.url()).build().complete({ messages: [userText('x')] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({ status, provider: 'cohere', providerMessage: message });
  });

  it('reads the key from CO_API_KEY or COHERE_API_KEY, and names both when neither is set', () => {
    const saved = [process.env.CO_API_KEY, process.env.COHERE_API_KEY];
    try {
      delete process.env.CO_API_KEY;
      delete process.env.COHERE_API_KEY;
      expect(() => new CohereBuilder().withModel('m').build()).toThrow(ConfigurationError);
      expect(() => new CohereBuilder().withModel('m').build()).toThrow(/CO_API_KEY or COHERE_API_KEY/);
      process.env.COHERE_API_KEY = 'co-env-0123456789';
      expect(new CohereBuilder().withModel('m').build().baseUrl).toBe('https://api.cohere.com');
    } finally {
      if (saved[0] === undefined) delete process.env.CO_API_KEY;
      else process.env.CO_API_KEY = saved[0];
      if (saved[1] === undefined) delete process.env.COHERE_API_KEY;
      else process.env.COHERE_API_KEY = saved[1];
    }
  });
});
