import type { JsonObject } from '../../../lib/core/json.types';
import type { Message } from '../../../lib/core/message.types';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { collect, userText } from '../../support/responses-helpers';

describe('Responses request bodies', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const provider = (configure?: (b: ResponsesBuilder<true, true>) => ResponsesBuilder<true, true>) => {
    const b = new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-test').withApiKey('sk-request-test-key');
    return (configure ? configure(b) : b).build();
  };
  const lastBody = (): JsonObject => emulator.requests()[emulator.requests().length - 1].body as JsonObject;

  it('maps user text, images and files to input items, with instructions and auth', async () => {
    const messages: Message[] = [
      {
        role: 'user',
        parts: [
          { type: 'text', text: 'Describe these' },
          { type: 'image', source: { kind: 'url', url: 'https://img.example/cat.png' } },
          { type: 'image', source: { kind: 'base64', data: 'iVBORw0K', mediaType: 'image/png' } },
          { type: 'file', source: { kind: 'base64', data: 'JVBERi0x', mediaType: 'application/pdf' }, filename: 'a.pdf' },
          { type: 'file', source: { kind: 'url', url: 'https://files.example/b.pdf' } },
        ],
      },
    ];
    await provider().complete({ messages, system: 'Be brief.', options: { temperature: 0.2, maxTokens: 50, topP: 0.9 } });
    const body = lastBody();
    expect(emulator.requests()[0].path).toBe('/v1/responses');
    expect(emulator.requests()[0].headers.authorization).toBe('Bearer sk-request-test-key');
    expect(body).toMatchObject({ model: 'gpt-test', instructions: 'Be brief.', temperature: 0.2, max_output_tokens: 50, top_p: 0.9 });
    expect(body.stream).toBeUndefined();
    expect(body.input).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Describe these' },
          { type: 'input_image', image_url: 'https://img.example/cat.png', detail: 'auto' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0K', detail: 'auto' },
          { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' },
          { type: 'input_file', file_url: 'https://files.example/b.pdf' },
        ],
      },
    ]);
  });

  it('sends function calls and outputs in order, and drops other providers\' reasoning and provider parts', async () => {
    const messages: Message[] = [
      userText('Weather in Paris and Rome?'),
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', text: 'claude thoughts', signature: 'sig-claude', origin: { provider: 'claude', model: 'c' } },
          { type: 'provider', kind: 'executableCode', data: { code: 'x' }, origin: { provider: 'gemini', model: 'g' } },
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' }, status: 'completed' },
          { type: 'tool-call', id: 'call_2', name: 'weather', arguments: { city: 'Rome' }, status: 'completed', approval: { editedArguments: { city: 'Roma' } } },
        ],
      },
      {
        role: 'tool',
        parts: [
          { type: 'tool-result', callId: 'call_1', name: 'weather', content: '{"temp":20}' },
          { type: 'tool-result', callId: 'call_2', name: 'weather', content: 'failed', isError: true },
        ],
      },
    ];
    await provider().complete({ messages });
    expect(lastBody().input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris and Rome?' }] },
      { role: 'assistant', content: 'Checking.' },
      { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', call_id: 'call_2', name: 'weather', arguments: '{"city":"Roma"}' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"temp":20}' },
      { type: 'function_call_output', call_id: 'call_2', output: 'failed' },
    ]);
  });

  it('round-trips encrypted reasoning with store=false and include', async () => {
    emulator.script([{ reasoning: 'Need the tool.', reasoningSignature: 'gAAAA-encrypted-1', toolCalls: [{ id: 'call_a', name: 'lookup', arguments: { q: 'x' } }] }, { text: 'Done.' }]);
    const p = provider((b) => b.withStore(false));
    const first = await p.complete({ messages: [userText('Look it up')] });
    expect(lastBody()).toMatchObject({ store: false, include: ['reasoning.encrypted_content'] });
    const reasoning = first.parts.find((x) => x.type === 'reasoning');
    expect(reasoning).toMatchObject({ text: 'Need the tool.', data: 'gAAAA-encrypted-1', origin: { provider: 'responses', model: 'gpt-test' } });
    const messages: Message[] = [
      userText('Look it up'),
      { role: 'assistant', parts: first.parts, metadata: first.metadata },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'call_a', name: 'lookup', content: 'found' }] },
    ];
    await p.complete({ messages });
    const input = lastBody().input as JsonObject[];
    expect(lastBody().previous_response_id).toBeUndefined();
    expect(input[1]).toEqual({
      type: 'reasoning',
      id: (reasoning as { signature: string }).signature,
      summary: [{ type: 'summary_text', text: 'Need the tool.' }],
      encrypted_content: 'gAAAA-encrypted-1',
    });
    expect(input[2]).toEqual({ type: 'function_call', call_id: 'call_a', name: 'lookup', arguments: '{"q":"x"}' });
    expect(input[3]).toEqual({ type: 'function_call_output', call_id: 'call_a', output: 'found' });
  });

  it('drops reasoning without encrypted content when store=false', async () => {
    const messages: Message[] = [
      userText('a'),
      { role: 'assistant', parts: [{ type: 'reasoning', text: 'r', signature: 'rs_1', origin: { provider: 'responses', model: 'm' } }, { type: 'text', text: 'b' }] },
      userText('c'),
    ];
    await provider((b) => b.withStore(false)).complete({ messages });
    expect((lastBody().input as JsonObject[]).map((i) => i.type ?? i.role)).toEqual(['user', 'assistant', 'user']);
    await provider().complete({ messages });
    expect((lastBody().input as JsonObject[])[1]).toEqual({ type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'r' }] });
  });

  it('sends this provider\'s native-tool items back, except with store=false', async () => {
    const search = { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'q' } };
    const messages: Message[] = [
      userText('a'),
      { role: 'assistant', parts: [{ type: 'provider', kind: 'web_search_call', data: search, origin: { provider: 'responses', model: 'gpt-test' } }, { type: 'text', text: 'b' }] },
      userText('c'),
    ];
    await provider().complete({ messages });
    expect((lastBody().input as JsonObject[])[1]).toEqual(search);
    await provider((b) => b.withStore(false)).complete({ messages });
    expect((lastBody().input as JsonObject[]).map((i) => i.type ?? i.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('chains with previous_response_id explicitly and automatically', async () => {
    const p = provider((b) => b.withAutoChaining());
    const first = await p.complete({ messages: [userText('one')] });
    const messages: Message[] = [userText('one'), { role: 'assistant', parts: first.parts, metadata: first.metadata }, userText('two')];
    await p.complete({ messages });
    expect(lastBody().previous_response_id).toBe(first.metadata.id);
    expect(lastBody().input).toEqual([{ role: 'user', content: [{ type: 'input_text', text: 'two' }] }]);

    await provider().complete({ messages });
    expect(lastBody().previous_response_id).toBeUndefined();
    expect((lastBody().input as JsonObject[]).length).toBe(3);

    await provider().complete({ messages: [userText('three')], previousResponseId: 'resp_explicit' });
    expect(lastBody()).toMatchObject({ previous_response_id: 'resp_explicit', input: [{ role: 'user', content: [{ type: 'input_text', text: 'three' }] }] });

    const foreign: Message[] = [userText('one'), { role: 'assistant', parts: [{ type: 'text', text: 'x' }], metadata: { id: 'msg_1', provider: 'claude', model: 'c' } }, userText('two')];
    await p.complete({ messages: foreign });
    expect(lastBody().previous_response_id).toBeUndefined();
  });

  it('sends tools in the strict dialect, native tools, tool choice and parallel_tool_calls', async () => {
    const p = provider((b) => b.withParallelToolCalls(false).withWebSearch({ searchContextSize: 'low' }).withImageGeneration({ partialImages: 2 }));
    await p.complete({
      messages: [userText('x')],
      tools: [
        { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] } },
        { name: 'free', description: 'Free-form', parameters: { type: 'object', additionalProperties: true } },
      ],
      toolChoice: { name: 'weather' },
    });
    const body = lastBody();
    expect(body.tools).toEqual([
      {
        type: 'function',
        name: 'weather',
        description: 'Weather',
        strict: true,
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' }, unit: { type: ['string', 'null'], enum: ['c', 'f', null] } },
          required: ['city', 'unit'],
          additionalProperties: false,
        },
      },
      { type: 'function', name: 'free', description: 'Free-form', strict: false, parameters: { type: 'object', additionalProperties: true } },
      { type: 'web_search', search_context_size: 'low' },
      { type: 'image_generation', partial_images: 2 },
    ]);
    expect(body).toMatchObject({ tool_choice: { type: 'function', name: 'weather' }, parallel_tool_calls: false, include: ['web_search_call.action.sources'] });
  });

  it('asks for structured output with a strict text.format and reasoning effort', async () => {
    await provider((b) => b.withReasoningSummary('detailed')).complete({
      messages: [userText('x')],
      responseFormat: {
        name: 'City Info',
        description: 'A city',
        schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { name: { type: 'string' }, population: { type: 'integer', default: 0 } }, required: ['name'] },
      },
      options: { reasoning: { effort: 'low' } },
    });
    expect(lastBody()).toMatchObject({
      text: {
        format: {
          type: 'json_schema',
          name: 'City_Info',
          description: 'A city',
          strict: true,
          schema: {
            type: 'object',
            properties: { name: { type: 'string' }, population: { type: ['integer', 'null'] } },
            required: ['name', 'population'],
            additionalProperties: false,
          },
        },
      },
      reasoning: { effort: 'low', summary: 'detailed' },
    });
  });

  it('warns about settings the wire lacks and merges providerOptions last', async () => {
    const events = await collect(
      provider((b) => b.withExtraBody({ service_tier: 'flex', truncation: 'auto' })).stream({
        messages: [userText('x')],
        options: { stop: ['END'], seed: 1, topK: 3 },
        providerOptions: { truncation: 'disabled' },
      }),
    );
    const warnings = events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message);
    expect(warnings).toHaveLength(3);
    expect(warnings.join(' ')).toMatch(/stop.*seed|top_k/);
    expect(lastBody()).toMatchObject({ stream: true, service_tier: 'flex', truncation: 'disabled' });
    expect(lastBody().stop).toBeUndefined();
  });

  it('complete() returns the same warnings on the response', async () => {
    const reply = await provider().complete({ messages: [userText('x')], options: { stop: ['END'], seed: 1, topK: 3 } });
    expect(reply.warnings).toHaveLength(3);
    expect(reply.warnings?.join(' ')).toMatch(/stop.*seed|top_k/);
    expect(lastBody().stream).toBeFalsy();
  });
});
