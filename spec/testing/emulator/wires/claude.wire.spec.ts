import { ProviderEmulator } from '../../../../lib/testing/emulator/provider-emulator';

/** Raw checks of the emulator's Messages wire, with plain fetch (no chat-ts provider involved). */
describe('emulator claude wire', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  const post = (session: string, body: object): Promise<Response> =>
    fetch(emulator.url('/v1/messages', session), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
    });

  const events = (text: string): Array<{ event: string; data: Record<string, unknown> }> =>
    text
      .split('\n\n')
      .filter((f) => f.trim() !== '')
      .map((f) => {
        const [eventLine, dataLine] = f.split('\n');
        return { event: eventLine.replace(/^event: /, ''), data: JSON.parse(dataLine.replace(/^data: /, '')) as Record<string, unknown> };
      });

  it('answers a whole message in the Messages shape', async () => {
    emulator.script([{ text: 'Hello there', toolCalls: [{ id: 'toolu_x', name: 'f', arguments: { a: 1 } }], usage: { input: 30, output: 8, cached: 20 } }], 'w1');
    const res = await post('w1', { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [
        { type: 'text', text: 'Hello there' },
        { type: 'tool_use', id: 'toolu_x', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 20, output_tokens: 8 },
    });
  });

  it('streams SSE with an event: line naming each event, in the documented order', async () => {
    emulator.script([{ reasoning: 'hmm ok', reasoningSignature: 'sig', text: 'Hi you', toolCalls: [{ id: 't1', name: 'f', arguments: { q: 'long enough value' } }] }], 'w2');
    const res = await post('w2', { model: 'm', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const list = events(await res.text());
    for (const e of list) expect(e.event).toBe(e.data.type);
    const names = list.map((e) => e.event);
    expect(names[0]).toBe('message_start');
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(names).toContain('ping');
    const deltas = list.filter((e) => e.event === 'content_block_delta').map((e) => (e.data.delta as { type: string }).type);
    expect(deltas).toEqual(expect.arrayContaining(['thinking_delta', 'signature_delta', 'text_delta', 'input_json_delta']));
    const json = list
      .filter((e) => e.event === 'content_block_delta' && (e.data.delta as { type: string }).type === 'input_json_delta')
      .map((e) => (e.data.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ q: 'long enough value' });
    expect((list[list.length - 2].data.delta as { stop_reason: string }).stop_reason).toBe('tool_use');
  });

  it('renders errors in the Anthropic shape with their status and retry-after', async () => {
    emulator.script([{ error: { status: 529 } }, { error: { status: 429, retryAfter: 3 } }], 'w3');
    const overloaded = await post('w3', { model: 'm', max_tokens: 1, messages: [] });
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: expect.any(String) });
    const limited = await post('w3', { model: 'm', max_tokens: 1, messages: [] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(((await limited.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
  });

  it('delivers structured replies through the tool the request forces', async () => {
    emulator.script([{ json: { a: 1 } }], 'w4');
    const res = await post('w4', {
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ name: 'emit', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'emit' },
    });
    expect(((await res.json()) as { content: unknown[] }).content).toEqual([{ type: 'tool_use', id: expect.any(String), name: 'emit', input: { a: 1 } }]);
  });
});
