import type { Message } from '../../../lib/core/message.types';
import type { JsonObject } from '../../../lib/core/json.types';
import type { ProviderRequest } from '../../../lib/core/provider.types';
import { UnsupportedFeatureError } from '../../../lib/errors/unsupported-feature.error';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { CLAUDE_TEST_KEY, claudeOn, newSession, rejection, user } from '../../support/claude-emulator';

describe('Claude request bodies', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  /** Sends one request and returns the body and headers the emulator received. */
  async function sent(
    request: Partial<ProviderRequest>,
    configure?: Parameters<typeof claudeOn>[2],
    model?: string,
  ): Promise<{ body: JsonObject; headers: Readonly<Record<string, string>> }> {
    const session = newSession();
    await claudeOn(emulator, session, configure, model).complete({ messages: [user('hello')], ...request });
    const recorded = emulator.requests(session)[0];
    return { body: recorded.body as JsonObject, headers: recorded.headers };
  }

  it('posts to /v1/messages with x-api-key, anthropic-version and a JSON body', async () => {
    const session = newSession();
    await claudeOn(emulator, session).complete({ messages: [user('hello')] });
    const [request] = emulator.requests(session);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe(CLAUDE_TEST_KEY);
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.headers['content-type']).toContain('application/json');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] });
  });

  it('joins the system prompt and system messages into `system`', async () => {
    const { body } = await sent({
      system: 'Be brief.',
      messages: [{ role: 'system', parts: [{ type: 'text', text: 'Speak French.' }] }, user('hi')],
    });
    expect(body.system).toBe('Be brief.\n\nSpeak French.');
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('maps sampling options and stop sequences; extra headers and providerOptions pass through', async () => {
    const { body, headers } = await sent(
      { options: { temperature: 0.2, topP: 0.9, topK: 40, maxTokens: 300, stop: ['END'] }, providerOptions: { metadata: { user_id: 'u1' } } },
      (b) => b.withHeaders({ 'anthropic-beta': 'feature-x' }),
    );
    expect(body).toMatchObject({ temperature: 0.2, top_p: 0.9, top_k: 40, max_tokens: 300, stop_sequences: ['END'], metadata: { user_id: 'u1' } });
    expect(headers['anthropic-beta']).toBe('feature-x');
  });

  it('sends tools with their input schemas and maps every tool choice', async () => {
    const tools = [{ name: 'getWeather', description: 'Weather of a city', parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const auto = await sent({ tools, toolChoice: 'auto' });
    expect(auto.body.tools).toEqual([
      { name: 'getWeather', description: 'Weather of a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    ]);
    expect(auto.body.tool_choice).toEqual({ type: 'auto' });
    expect((await sent({ tools, toolChoice: 'required' })).body.tool_choice).toEqual({ type: 'any' });
    expect((await sent({ tools, toolChoice: { name: 'getWeather' } })).body.tool_choice).toEqual({ type: 'tool', name: 'getWeather' });
    expect((await sent({ tools, toolChoice: 'none' })).body.tool_choice).toEqual({ type: 'none' });
    expect((await sent({ tools }, (b) => b.withParallelToolCalls(false))).body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect((await sent({ toolChoice: 'required' })).body.tool_choice).toBeUndefined();
  });

  it('sends tool calls and results (errors flagged) in alternating turns, results first', async () => {
    const messages: Message[] = [
      user('weather in Paris and Rome?'),
      {
        role: 'assistant',
        parts: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'toolu_1', name: 'getWeather', arguments: { city: 'Paris' }, status: 'completed' },
          { type: 'tool-call', id: 'call:2/x', name: 'getWeather', arguments: { city: 'Rome' }, status: 'approved', approval: { editedArguments: { city: 'Roma' } } },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'toolu_1', name: 'getWeather', content: '{"temp":21}' }] },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'call:2/x', name: 'getWeather', content: 'city not found', isError: true }] },
      user('and tomorrow?'),
    ];
    const { body } = await sent({ messages });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'getWeather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2_x', name: 'getWeather', input: { city: 'Roma' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp":21}' },
          { type: 'tool_result', tool_use_id: 'call_2_x', content: 'city not found', is_error: true },
          { type: 'text', text: 'and tomorrow?' },
        ],
      },
    ]);
  });

  it('turns on extended thinking with a max_tokens that always exceeds the budget', async () => {
    const plain = await sent({}, (b) => b.withThinking(8000));
    expect(plain.body.thinking).toEqual({ type: 'enabled', budget_tokens: 8000 });
    expect(plain.body.max_tokens).toBe(8000 + 4096);
    const small = await sent({ options: { maxTokens: 2000 } }, (b) => b.withThinking(8000));
    expect(small.body.max_tokens).toBeGreaterThan(8000);
    const large = await sent({ options: { maxTokens: 20000 } }, (b) => b.withThinking(8000));
    expect(large.body.max_tokens).toBe(20000);
    const perRequest = await sent({ options: { reasoning: { budgetTokens: 300 }, temperature: 0.3, topK: 5 } });
    expect(perRequest.body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(perRequest.body.max_tokens as number).toBeGreaterThan(1024);
    expect(perRequest.body.temperature).toBeUndefined();
    expect(perRequest.body.top_k).toBeUndefined();
  });

  it('sends Claude thinking back with its signature, redacted thinking as opaque data, and drops foreign reasoning', async () => {
    const claude = { provider: 'claude', model: 'claude-sonnet-4-5' };
    const gemini = { provider: 'gemini', model: 'gemini-2.5-pro' };
    const messages: Message[] = [
      user('q1'),
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', text: 'Let me think.', signature: 'sig-abc', origin: claude },
          { type: 'reasoning', text: '', data: 'opaque-redacted', redacted: true, origin: claude },
          { type: 'reasoning', text: 'unsigned, interrupted', origin: claude },
          { type: 'reasoning', text: 'gemini thought', signature: 'gem-sig', origin: gemini },
          { type: 'reasoning', text: 'responses summary', data: 'encrypted', origin: { provider: 'openai', model: 'o4' } },
          { type: 'provider', kind: 'executableCode', data: { code: 'print(1)' }, origin: gemini },
          { type: 'provider', kind: 'web_search_tool_result', data: { type: 'web_search_tool_result', tool_use_id: 'srv_1', content: [] }, origin: claude },
          { type: 'text', text: 'Answer 1' },
        ],
      },
      { role: 'assistant', parts: [{ type: 'reasoning', text: 'only foreign', signature: 'x', origin: gemini }] },
      user('q2'),
    ];
    const { body } = await sent({ messages });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q1' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Let me think.', signature: 'sig-abc' },
          { type: 'redacted_thinking', data: 'opaque-redacted' },
          { type: 'web_search_tool_result', tool_use_id: 'srv_1', content: [] },
          { type: 'text', text: 'Answer 1' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'q2' }] },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/gem-sig|encrypted|executableCode/);
  });

  it('sends images and documents from base64 and URLs', async () => {
    const pdf = Buffer.from('%PDF-1.4 fake').toString('base64');
    const note = Buffer.from('plain notes').toString('base64');
    const { body } = await sent({
      messages: [
        {
          role: 'user',
          parts: [
            { type: 'text', text: 'Describe these.' },
            { type: 'image', source: { kind: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'file', source: { kind: 'base64', data: pdf, mediaType: 'application/pdf' }, filename: 'report.pdf' },
            { type: 'file', source: { kind: 'url', url: 'https://example.com/paper.pdf' } },
            { type: 'file', source: { kind: 'base64', data: note, mediaType: 'text/plain' } },
          ],
        },
      ],
    });
    expect((body.messages as JsonObject[])[0].content).toEqual([
      { type: 'text', text: 'Describe these.' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf }, title: 'report.pdf' },
      { type: 'document', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain notes' } },
    ]);
  });

  it('refuses file types Claude cannot read with UnsupportedFeatureError, before any request', async () => {
    const session = newSession();
    const error = await rejection(
      claudeOn(emulator, session).complete({
        messages: [{ role: 'user', parts: [{ type: 'file', source: { kind: 'base64', data: 'AAAA', mediaType: 'audio/wav' } }] }],
      }),
    );
    expect(error).toBeInstanceOf(UnsupportedFeatureError);
    expect(error.message).toContain('audio/wav');
    expect(emulator.requests(session)).toHaveLength(0);
  });

  const format = {
    name: 'Weather',
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { city: { type: 'string', minLength: 2 }, temp: { type: 'number', minimum: -90 }, tags: { type: 'array', items: { type: 'object', properties: { k: { type: 'string' } } } } },
      required: ['city', 'temp'],
    },
  };

  it('asks recent models for native structured output with a closed schema', async () => {
    const { body } = await sent({ responseFormat: format });
    expect(body.tools).toBeUndefined();
    expect(body.output_config).toEqual({
      format: {
        type: 'json_schema',
        schema: {
          type: 'object',
          additionalProperties: false,
          properties: {
            city: { type: 'string', description: 'minLength: 2' },
            temp: { type: 'number', description: 'minimum: -90' },
            tags: { type: 'array', items: { type: 'object', properties: { k: { type: 'string' } }, additionalProperties: false } },
          },
          required: ['city', 'temp'],
        },
      },
    });
  });

  it('forces a `json` tool on models without native structured output', async () => {
    const { body } = await sent({ responseFormat: format }, undefined, 'claude-3-5-haiku-20241022');
    expect(body.output_config).toBeUndefined();
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json' });
    expect(body.tools).toEqual([expect.objectContaining({ name: 'json', input_schema: expect.objectContaining({ required: ['city', 'temp'] }) })]);
    const withTools = await sent(
      { responseFormat: format, tools: [{ name: 'json', description: 'a user tool named json', parameters: { type: 'object', properties: {} } }] },
      (b) => b.withStructuredOutput('tool'),
    );
    expect((withTools.body.tools as JsonObject[]).map((t) => t.name)).toEqual(['json', 'json_2']);
    expect(withTools.body.tool_choice).toEqual({ type: 'any' });
    const thinking = await sent({ responseFormat: format }, (b) => b.withStructuredOutput('tool').withThinking(2048));
    expect(thinking.body.tool_choice).toEqual({ type: 'auto' });
    expect(thinking.body.system).toContain('json tool');
  });
});
