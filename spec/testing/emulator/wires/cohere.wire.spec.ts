import { readFileSync } from 'node:fs';
import { ProviderEmulator } from '../../../../lib/testing/emulator/provider-emulator';
import { describeWithFixtures, fixtureFiles, readChunkLines } from '../../../support/fixtures';

/** The shape of a JSON value: keys kept, every leaf replaced by its type (array items by the shape of each). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return [...new Set(value.map((v) => JSON.stringify(shape(v))))].sort().map((s) => JSON.parse(s) as unknown);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

/** Raw checks of the emulator's Cohere v2 wire with plain fetch, against the shapes of the recordings in ../shared/fixtures/cohere. */
describeWithFixtures('emulator cohere wire', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  const post = (session: string, path: string, body: object, auth = true): Promise<Response> =>
    fetch(emulator.url(path, session), { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: 'Bearer co-k' } : {}) }, body: JSON.stringify(body) });
  const ask = (stream: boolean) => ({ model: 'command-a-03-2025', stream, messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather?' }] }] });
  const recordedEvents = () => new Set(fixtureFiles('cohere', (n) => n.endsWith('.chunks.txt')).flatMap((f) => readChunkLines(f).map((l) => JSON.stringify(shape(JSON.parse(l))))));

  it('streams SSE events whose every shape occurs in the recorded streams, tool plan and tool calls included', async () => {
    emulator.script([{ reasoning: 'Think first.', text: 'Checking.', toolCalls: [{ id: 'weather_1', name: 'weather', arguments: { location: 'San Francisco' } }], usage: { input: 9, output: 7, cached: 4 } }], 'c1');
    const res = await post('c1', '/v2/chat', ask(true));
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean).map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      const data = JSON.parse(dataLine.replace(/^data: /, '')) as { type: string; delta?: { message?: { tool_calls?: { function?: { arguments?: string } } } } };
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });
    const recorded = recordedEvents();
    for (const e of events) expect([e.type, recorded.has(JSON.stringify(shape(e)))]).toEqual([e.type, true]);
    expect(events.map((e) => e.type).filter((t, i, all) => all.indexOf(t) === i)).toEqual([
      'message-start', 'content-start', 'content-delta', 'content-end', 'tool-plan-delta', 'tool-call-start', 'tool-call-delta', 'tool-call-end', 'message-end',
    ]);
    const args = events.filter((e) => e.type === 'tool-call-delta').map((e) => e.delta?.message?.tool_calls?.function?.arguments).join('');
    expect(JSON.parse(args)).toEqual({ location: 'San Francisco' });
    expect(events.at(-1)).toEqual({ type: 'message-end', delta: { finish_reason: 'TOOL_CALL', usage: { billed_units: { input_tokens: 9, output_tokens: 7 }, tokens: { input_tokens: 9, output_tokens: 7 }, cached_tokens: 4 } } });
  });

  it('answers whole with a body shaped like the recorded tool-call and reasoning replies', async () => {
    emulator.script([{ toolCalls: [{ id: 'weather_1', name: 'weather', arguments: { location: 'Paris' } }], usage: { input: 3, output: 2, cached: 1 } }, { reasoning: 'Hmm.', text: '4', usage: { input: 3, output: 2, cached: 1 } }], 'c2');
    for (const recordedName of ['cohere-tool-call.json', 'cohere-reasoning.json']) {
      const body = (await (await post('c2', '/v2/chat', ask(false))).json()) as object;
      const [file] = fixtureFiles('cohere', (n) => n === recordedName);
      expect(shape(body)).toEqual(shape(JSON.parse(readFileSync(file, 'utf8'))));
    }
  });

  it('embeds through /v2/embed with the recorded body shape; refuses a request without a key with 401 and a message', async () => {
    const res = await post('c3', '/v2/embed', { model: 'embed-v4.0', texts: ['a b', 'c'], input_type: 'search_document', embedding_types: ['float'], output_dimension: 5 });
    const body = (await res.json()) as { embeddings: { float: number[][] } };
    const [file] = fixtureFiles('cohere', (n) => n === 'cohere-embedding.json');
    expect(shape(body)).toEqual(shape(JSON.parse(readFileSync(file, 'utf8'))));
    expect(body.embeddings.float.map((v) => v.length)).toEqual([5, 5]);
    const refused = await post('c3', '/v2/chat', ask(false), false);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ message: 'no api key supplied' });
  });
});
