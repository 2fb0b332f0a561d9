import type { ContentPart } from '../../../lib/core/content-part.types';
import type { Message } from '../../../lib/core/message.types';
import { UnsupportedFeatureError } from '../../../lib/errors';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { DeepSeekBuilder } from '../../../lib/providers/deepseek';
import { ask, collect, emulatedProvider, failure, streamFailure, TEST_KEY, user } from './completions-spec.helpers';

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer' } },
  required: ['city'],
};

describe('Chat Completions request mapping (recorded by the emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const lastBody = (): Record<string, unknown> => emulator.requests().at(-1)!.body as Record<string, unknown>;

  it('maps a conversation: system, user media, assistant tool calls, tool results; drops foreign reasoning and provider parts', async () => {
    const messages: Message[] = [
      { role: 'system', parts: [{ type: 'text', text: 'Be brief.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
          { type: 'image', source: { kind: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
          { type: 'file', source: { kind: 'base64', data: 'JVBERi0xLjQ=', mediaType: 'application/pdf' }, filename: 'a.pdf' },
          { type: 'file', source: { kind: 'base64', data: 'UklGRg==', mediaType: 'audio/wav' } },
        ],
      },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', text: 'claude thoughts', signature: 'sig', origin: { provider: 'claude', model: 'c' } },
          { type: 'reasoning', text: 'my own thoughts', origin: { provider: 'completions', model: 'test-model' } },
          { type: 'text', text: 'Let me check.' },
          { type: 'provider', kind: 'web_search_call', data: { id: 'x' }, origin: { provider: 'openai', model: 'o' } },
          { type: 'tool-call', id: 'call_1', name: 'lookup', arguments: { q: 'cat' }, status: 'completed' },
          { type: 'tool-call', id: 'call_2', name: 'lookup', arguments: null, rawArguments: '{bad', status: 'failed' },
          {
            type: 'tool-call',
            id: 'call_3',
            name: 'lookup',
            arguments: { q: 'dog' },
            status: 'approved',
            approval: { editedArguments: { q: 'wolf' } },
          },
        ],
      },
      {
        role: 'tool',
        parts: [
          { type: 'tool-result', callId: 'call_1', name: 'lookup', content: 'a cat' },
          { type: 'tool-result', callId: 'call_2', name: 'lookup', content: 'invalid arguments', isError: true },
          { type: 'tool-result', callId: 'call_3', name: 'lookup', content: 'a wolf' },
        ],
      },
      user('Thanks'),
    ];
    await emulatedProvider(emulator).complete({ messages, system: 'You are a vision assistant.' });
    expect(lastBody().messages).toEqual([
      { role: 'system', content: 'You are a vision assistant.' },
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' } },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } },
          { id: 'call_2', type: 'function', function: { name: 'lookup', arguments: '{bad' } },
          { id: 'call_3', type: 'function', function: { name: 'lookup', arguments: '{"q":"wolf"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
      { role: 'tool', tool_call_id: 'call_2', content: 'invalid arguments' },
      { role: 'tool', tool_call_id: 'call_3', content: 'a wolf' },
      { role: 'user', content: 'Thanks' },
    ]);
    expect(JSON.stringify(lastBody())).not.toContain('thoughts');
  });

  it('sends DeepSeek its own reasoning back on tool-calling turns only', async () => {
    const deepseek = new DeepSeekBuilder().withBaseUrl(emulator.url('/v1')).withApiKey(TEST_KEY).withModel('deepseek-chat').build();
    const origin = { provider: 'deepseek', model: 'deepseek-chat' };
    await deepseek.complete({
      messages: [
        user('a'),
        { role: 'assistant', parts: [{ type: 'reasoning', text: 'plain turn', origin }, { type: 'text', text: 'A' }] },
        user('b'),
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', text: 'tool turn', origin },
            { type: 'reasoning', text: 'foreign', origin: { provider: 'claude', model: 'c' } },
            { type: 'tool-call', id: 'c1', name: 't', arguments: {}, status: 'completed' },
          ],
        },
        { role: 'tool', parts: [{ type: 'tool-result', callId: 'c1', name: 't', content: 'ok' }] },
      ],
    });
    const sent = lastBody().messages as Record<string, unknown>[];
    expect(sent[1]).toEqual({ role: 'assistant', content: 'A' });
    expect(sent[3]).toMatchObject({ role: 'assistant', reasoning_content: 'tool turn' });
  });

  it('maps tools, tool_choice, structured output, sampling options and merges providerOptions last', async () => {
    const tools = [{ name: 'weather', description: 'Weather of a city', parameters: schema }];
    await emulatedProvider(emulator).complete(
      ask('hi', {
        tools,
        toolChoice: { name: 'weather' },
        responseFormat: { name: 'Forecast result!', schema, description: 'A forecast' },
        options: { maxTokens: 50, temperature: 0.2, topP: 0.9, topK: 40, stop: ['END'], seed: 7, reasoning: { effort: 'low' } },
        providerOptions: { temperature: 0.5, user: 'u-1', parallel_tool_calls: false },
      }),
    );
    const body = lastBody();
    expect(body).toMatchObject({
      model: 'test-model',
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather of a city', parameters: { type: 'object', required: ['city'] } } }],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      response_format: { type: 'json_schema', json_schema: { name: 'Forecast_result_', description: 'A forecast', schema: { required: ['city'] } } },
      max_tokens: 50,
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop: ['END'],
      seed: 7,
      reasoning_effort: 'low',
      user: 'u-1',
      parallel_tool_calls: false,
    });
    expect(JSON.stringify(body)).not.toContain('$schema');
    expect(body.stream).toBeUndefined();
    for (const choice of ['auto', 'none', 'required'] as const) {
      await emulatedProvider(emulator).complete(ask('x', { tools, toolChoice: choice }));
      expect(lastBody().tool_choice).toBe(choice);
    }
  });

  it('strict mode closes every object and makes optional properties nullable', async () => {
    const nested = { type: 'object', properties: { where: schema, note: { type: 'string' } }, required: ['where'] };
    const provider = emulatedProvider(emulator, undefined, (b) => b.withStrictSchemas());
    await provider.complete(ask('x', { tools: [{ name: 't', description: 'd', parameters: nested }], responseFormat: { name: 'r', schema } }));
    const body = lastBody() as { tools: { function: { parameters: unknown; strict: boolean } }[]; response_format: { json_schema: unknown } };
    expect(body.tools[0].function.strict).toBe(true);
    expect(body.tools[0].function.parameters).toEqual({
      type: 'object',
      properties: {
        where: {
          type: 'object',
          properties: { city: { type: 'string' }, days: { type: ['integer', 'null'] } },
          required: ['city', 'days'],
          additionalProperties: false,
        },
        note: { type: ['string', 'null'] },
      },
      required: ['where', 'note'],
      additionalProperties: false,
    });
    expect(body.response_format.json_schema).toMatchObject({ strict: true, schema: { additionalProperties: false, required: ['city', 'days'] } });
  });

  it('supports json_object and Ollama `format` structured output, and max_completion_tokens', async () => {
    await emulatedProvider(emulator, undefined, (b) => b.withStructuredOutputMode('json_object').withMaxCompletionTokens()).complete(
      ask('x', { system: 'Sys.', responseFormat: { name: 'r', schema }, options: { maxTokens: 9 } }),
    );
    let body = lastBody() as { messages: { role: string; content: string }[] } & Record<string, unknown>;
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages[0].role).toBe('system');
    expect(body.messages[0].content).toMatch(/^Sys\.\n\nReply with one JSON object only/);
    expect(body.messages[0].content).toContain('"required":["city"]');
    expect(body.max_completion_tokens).toBe(9);
    expect(body.max_tokens).toBeUndefined();

    await emulatedProvider(emulator, undefined, (b) => b.withStructuredOutputMode('ollama-format')).complete(ask('x', { responseFormat: { name: 'r', schema } }));
    body = lastBody() as typeof body;
    expect(body.format).toEqual({ type: 'object', properties: schema.properties, required: ['city'] });
    expect(body.response_format).toBeUndefined();
  });

  it('sends the key, configured and per-call headers; streams ask for usage', async () => {
    const provider = emulatedProvider(emulator, undefined, (b) => b.withHeaders({ 'x-team': 'a' }));
    await collect(provider.stream(ask('x', { headers: { 'x-request': 'r1' } })));
    const recorded = emulator.requests().at(-1)!;
    expect(recorded.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(recorded.headers['x-team']).toBe('a');
    expect(recorded.headers['x-request']).toBe('r1');
    expect(recorded.headers.accept).toBe('text/event-stream');
    expect(recorded.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('refuses what the wire cannot carry with a typed error, before any request', async () => {
    const provider = emulatedProvider(emulator);
    const fileUrl = ask('x');
    (fileUrl.messages[0].parts as ContentPart[]).push({ type: 'file', source: { kind: 'url', url: 'https://x/a.pdf', mediaType: 'application/pdf' } });
    expect(await failure(provider.complete(fileUrl))).toBeInstanceOf(UnsupportedFeatureError);
    expect(await streamFailure(provider.stream(fileUrl))).toBeInstanceOf(UnsupportedFeatureError);
    expect(await failure(provider.complete(ask('x', { nativeTools: [{ kind: 'web-search' }] })))).toBeInstanceOf(UnsupportedFeatureError);
    expect(emulator.requests()).toHaveLength(0);
  });
});
