import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator, type EmulatedToolCall } from '../../../lib/testing/emulator';
import { collect, deltas, finalResponse, textOf, userText } from '../../support/responses-helpers';

const PNG = Buffer.from('emulated-png-bytes').toString('base64');

describe('Responses complete() and stream() against the emulator', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const provider = (b = new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-test')) => b.build();

  it('answers text with usage and metadata, whole and streamed alike', async () => {
    emulator.script([
      { text: 'The capital of France is Paris.', usage: { input: 12, output: 7, cached: 4 } },
      { text: 'The capital of France is Paris.', usage: { input: 12, output: 7, cached: 4 } },
    ]);
    const whole = await provider().complete({ messages: [userText('Capital of France?')] });
    expect(textOf(whole)).toBe('The capital of France is Paris.');
    expect(whole.usage).toEqual({ inputTokens: 12, outputTokens: 7, totalTokens: 19, cachedInputTokens: 4, reasoningTokens: 0 });
    expect(whole.finishReason).toEqual({ unified: 'stop', raw: 'completed' });
    expect(whole.metadata).toMatchObject({ provider: 'responses', model: 'gpt-test' });
    expect(whole.metadata.id).toMatch(/^resp_/);

    const events = await collect(provider().stream({ messages: [userText('Capital of France?')] }));
    expect(deltas(events, 'text-delta')).toBe('The capital of France is Paris.');
    expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(3);
    expect(events.find((e) => e.type === 'usage')).toEqual({ type: 'usage', usage: whole.usage });
    const streamed = finalResponse(events);
    expect({ ...streamed, metadata: { ...streamed.metadata, id: 'x' } }).toEqual({ ...whole, metadata: { ...whole.metadata, id: 'x' } });
    expect(emulator.requests()[1].body).toMatchObject({ stream: true });
    expect(emulator.requests()[1].headers.accept).toBe('text/event-stream');
  });

  it('returns parallel function calls, streamed as start/delta/end', async () => {
    const calls: EmulatedToolCall[] = [
      { id: 'call_p', name: 'weather', arguments: { city: 'Paris', days: 3 } },
      { id: 'call_r', name: 'weather', arguments: { city: 'Rome' } },
    ];
    emulator.script([{ toolCalls: calls }, { toolCalls: calls }]);
    const whole = await provider().complete({ messages: [userText('Weather?')] });
    expect(whole.finishReason.unified).toBe('tool-calls');
    expect(whole.parts).toEqual([
      { type: 'tool-call', id: 'call_p', name: 'weather', arguments: { city: 'Paris', days: 3 }, status: 'pending', origin: { provider: 'responses', model: 'gpt-test' } },
      { type: 'tool-call', id: 'call_r', name: 'weather', arguments: { city: 'Rome' }, status: 'pending', origin: { provider: 'responses', model: 'gpt-test' } },
    ]);
    const events = await collect(provider().stream({ messages: [userText('Weather?')] }));
    const kinds = events.map((e) => e.type);
    expect(kinds.filter((k) => k === 'tool-call-start')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'tool-call-end')).toHaveLength(2);
    for (const id of ['call_p', 'call_r']) {
      const args = events.filter((e) => e.type === 'tool-call-delta' && e.id === id).map((e) => (e as { delta: string }).delta).join('');
      expect(JSON.parse(args)).toEqual(calls.find((c) => c.id === id)!.arguments);
    }
    expect(kinds.indexOf('tool-call-end')).toBeLessThan(kinds.lastIndexOf('tool-call-start'));
    expect(finalResponse(events).parts).toEqual(whole.parts);
  });

  it('keeps invalid argument JSON raw', async () => {
    emulator.script([{ toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a": 1,' }] }]);
    const whole = await provider().complete({ messages: [userText('x')] });
    expect(whole.parts[0]).toMatchObject({ type: 'tool-call', arguments: null, rawArguments: '{"a": 1,' });
  });

  it('restores structured output: nulls for optional fields are removed', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, nickname: { type: 'string' }, tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, note: { type: 'string' } }, required: ['label'] } } },
      required: ['name', 'tags'],
    };
    const json = { name: 'Ada', nickname: null, tags: [{ label: 'math', note: null }] };
    emulator.script([{ json }, { json }]);
    const whole = await provider().complete({ messages: [userText('x')], responseFormat: { name: 'person', schema } });
    expect(JSON.parse(textOf(whole))).toEqual({ name: 'Ada', tags: [{ label: 'math' }] });
    const events = await collect(provider().stream({ messages: [userText('x')], responseFormat: { name: 'person', schema } }));
    expect(JSON.parse(deltas(events, 'text-delta'))).toEqual(json);
    expect(JSON.parse(textOf(finalResponse(events)))).toEqual({ name: 'Ada', tags: [{ label: 'math' }] });
  });

  it('restores strict tool arguments', async () => {
    emulator.script([{ toolCalls: [{ id: 'c', name: 'weather', arguments: { city: 'Oslo', unit: null } }] }]);
    const tools = [{ name: 'weather', description: 'w', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } }];
    const events = await collect(provider().stream({ messages: [userText('x')], tools }));
    const end = events.find((e) => e.type === 'tool-call-end');
    expect(end).toMatchObject({ call: { arguments: { city: 'Oslo' } } });
    expect(finalResponse(events).parts[0]).toMatchObject({ arguments: { city: 'Oslo' } });
  });

  it('streams reasoning summaries as reasoning deltas', async () => {
    emulator.script([{ reasoning: 'First I think about it carefully.', text: 'Answer.', usage: { input: 5, output: 20, reasoning: 12 } }]);
    const events = await collect(provider().stream({ messages: [userText('x')], options: { reasoning: { effort: 'high' } } }));
    expect(deltas(events, 'reasoning-delta')).toBe('First I think about it carefully.');
    const final = finalResponse(events);
    expect(final.parts[0]).toMatchObject({ type: 'reasoning', text: 'First I think about it carefully.', origin: { provider: 'responses' } });
    expect(final.usage.reasoningTokens).toBe(12);
    expect(events.findIndex((e) => e.type === 'reasoning-delta')).toBeLessThan(events.findIndex((e) => e.type === 'text-delta'));
  });

  it('keeps web search calls as provider parts and citations as sources', async () => {
    const sources = [{ url: 'https://news.example/a', title: 'A' }, { url: 'https://news.example/b', title: 'B' }];
    emulator.script([{ text: 'Two things happened.', sources }, { text: 'Two things happened.', sources }]);
    const b = new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-test').withWebSearch();
    for (const response of [await b.build().complete({ messages: [userText('news?')] }), finalResponse(await collect(b.build().stream({ messages: [userText('news?')] })))]) {
      const search = response.parts.find((p) => p.type === 'provider');
      expect(search).toMatchObject({ kind: 'web_search_call', data: { type: 'web_search_call', action: { query: 'news?' } } });
      const text = response.parts.find((p) => p.type === 'text');
      expect(text).toMatchObject({ text: 'Two things happened.', sources: [{ url: 'https://news.example/a', title: 'A' }, { url: 'https://news.example/b', title: 'B' }] });
    }
  });

  it('returns generated images as image parts and streams partial images', async () => {
    emulator.script([{ images: [{ data: PNG, mediaType: 'image/png' }], text: 'Here it is.' }, { images: [{ data: PNG }] }]);
    const b = new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-test').withImageGeneration({ partialImages: 2 });
    const events = await collect(b.build().stream({ messages: [userText('Draw a cat')] }));
    const partials = events.filter((e) => e.type === 'partial-image');
    expect(partials).toEqual([
      { type: 'partial-image', index: 0, data: PNG, mediaType: 'image/png' },
      { type: 'partial-image', index: 1, data: PNG, mediaType: 'image/png' },
    ]);
    const final = finalResponse(events);
    expect(final.parts.find((p) => p.type === 'image')).toEqual({ type: 'image', source: { kind: 'base64', data: PNG, mediaType: 'image/png' }, alt: 'Draw a cat' });
    expect(final.parts.find((p) => p.type === 'provider')).toMatchObject({ kind: 'image_generation_call' });
    const whole = await b.build().complete({ messages: [userText('Draw a cat')] });
    expect(whole.parts.filter((p) => p.type === 'image')).toHaveLength(1);
  });

  it('maps incomplete responses and refusals to finish reasons', async () => {
    emulator.script([
      { text: 'Cut sh', finishReason: 'length' },
      { text: 'Filtered', finishReason: 'content-filter' },
      { text: 'I cannot help with that.', finishReason: 'refusal' },
      { text: 'Cut sh', finishReason: 'length' },
    ]);
    expect((await provider().complete({ messages: [userText('x')] })).finishReason).toEqual({ unified: 'length', raw: 'max_output_tokens' });
    expect((await provider().complete({ messages: [userText('x')] })).finishReason).toEqual({ unified: 'content-filter', raw: 'content_filter' });
    const refusal = await provider().complete({ messages: [userText('x')] });
    expect(refusal.finishReason.unified).toBe('refusal');
    expect(textOf(refusal)).toBe('I cannot help with that.');
    const streamed = finalResponse(await collect(provider().stream({ messages: [userText('x')] })));
    expect(streamed.finishReason).toEqual({ unified: 'length', raw: 'max_output_tokens' });
    expect(textOf(streamed)).toBe('Cut sh');
  });

  it('echoes the last user text when no script is loaded', async () => {
    const whole = await provider().complete({ messages: [userText('ping')] });
    expect(textOf(whole)).toBe('Emulated reply to: ping');
  });
});
