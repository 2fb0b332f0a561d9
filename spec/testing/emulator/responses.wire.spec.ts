import { request } from 'node:http';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { responsesWire } from '../../../lib/testing/emulator/wires/responses.wire';

/** Raw POST over node:http (no chat-ts code on the client side). */
function post(url: string, body: unknown): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('emulator Responses wire bytes', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  it('streams `event:`/`data:` frames with increasing sequence numbers and a completed response', async () => {
    emulator.script([{ reasoning: 'r', text: 'Hello there', toolCalls: [{ id: 'call_1', name: 'f', arguments: { a: 1 } }], usage: { input: 3, output: 5, reasoning: 1, cached: 2 } }]);
    const res = await post(emulator.url('/v1/responses'), { model: 'gpt-x', input: 'hi', stream: true });
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/event-stream/);
    const frames = res.text.split('\n\n').filter(Boolean);
    const events = frames.map((f) => {
      const [eventLine, dataLine] = f.split('\n');
      expect(eventLine).toMatch(/^event: /);
      expect(dataLine).toMatch(/^data: /);
      const data = JSON.parse(dataLine.slice(6)) as { type: string; sequence_number: number; response?: { status: string; usage: unknown; output: { type: string }[] } };
      expect(data.type).toBe(eventLine.slice(7));
      return data;
    });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0].type).toBe('response.created');
    const last = events[events.length - 1];
    expect(last.type).toBe('response.completed');
    expect(last.response!.output.map((o) => o.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(last.response!.usage).toEqual({ input_tokens: 3, input_tokens_details: { cached_tokens: 2 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 1 }, total_tokens: 8 });
    const types = events.map((e) => e.type);
    for (const t of ['response.reasoning_summary_text.delta', 'response.output_text.delta', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done']) {
      expect(types).toContain(t);
    }
    expect(res.text).not.toContain('[DONE]');
  });

  it('answers only POST …/responses and writes OpenAI error bodies', async () => {
    emulator.script([{ error: { status: 429, code: 'insufficient_quota', message: 'quota' } }]);
    const res = await post(emulator.url('/v1/responses'), { model: 'm', input: 'x' });
    expect(res.status).toBe(429);
    expect(JSON.parse(res.text)).toEqual({ error: { message: 'quota', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } });
    const only = await ProviderEmulator.start({ wires: [responsesWire] });
    try {
      expect((await post(only.url('/v1/chat/completions'), { model: 'm', messages: [] })).status).toBe(404);
      expect((await post(only.url('/v1/embeddings'), { model: 'm', input: ['a'] })).status).toBe(404);
      expect((await post(only.url('/v1/responses'), { model: 'm', input: 'x' })).status).toBe(200);
    } finally {
      await only.close();
    }
  });

  it('renders incomplete responses', async () => {
    emulator.script([{ text: 'cut', finishReason: 'length' }]);
    const body = JSON.parse((await post(emulator.url('/v1/responses'), { model: 'm', input: 'x' })).text) as Record<string, unknown>;
    expect(body).toMatchObject({ object: 'response', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, model: 'm' });
  });
});
