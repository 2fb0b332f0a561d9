import type { JsonObject } from '../../../lib/core/json.types';
import type { Message } from '../../../lib/core/message.types';
import { AuthenticationError, RateLimitError } from '../../../lib/errors';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { WebSocketTransport } from '../../../lib/transport/ws';
import { collect, deltas, finalResponse, rejection, textOf, userText } from '../../support/responses-helpers';

describe('Responses over the WebSocket transport (emulator WebSocket mode)', () => {
  let emulator: ProviderEmulator;
  const transports: WebSocketTransport[] = [];
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(async () => {
    await Promise.all(transports.map((t) => t.dispose()));
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const transport = () => {
    const t = new WebSocketTransport({ poolSize: 1, pingIntervalMs: 0 });
    transports.push(t);
    return t;
  };
  const provider = (t = transport()) => new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('gpt-ws').withApiKey('sk-ws-key-12345678').withAutoChaining().withTransport(t).build();

  it('streams and completes over one socket', async () => {
    emulator.script([{ reasoning: 'Thinking.', text: 'Hello over the socket.' }, { text: 'Again.' }]);
    const t = transport();
    const p = provider(t);
    const events = await collect(p.stream({ messages: [userText('hi')] }));
    expect(deltas(events, 'text-delta')).toBe('Hello over the socket.');
    expect(deltas(events, 'reasoning-delta')).toBe('Thinking.');
    expect(finalResponse(events).metadata.id).toMatch(/^resp_/);
    expect(textOf(await p.complete({ messages: [userText('again')] }))).toBe('Again.');
    const [first] = emulator.requests();
    expect(first.method).toBe('WS');
    expect(first.body).toMatchObject({ type: 'response.create', model: 'gpt-ws' });
    expect((first.body as JsonObject).stream).toBeUndefined();
    expect(first.headers.authorization).toBe('Bearer sk-ws-key-12345678');
    expect(t.openSockets).toBe(1);
  });

  it('runs a tool loop chained with previous_response_id, sending only the new items', async () => {
    emulator.script([{ toolCalls: [{ id: 'call_w', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'Sunny in Paris.' }]);
    const p = provider();
    const first = await p.complete({ messages: [userText('Weather in Paris?')] });
    const messages: Message[] = [
      userText('Weather in Paris?'),
      { role: 'assistant', parts: first.parts, metadata: first.metadata },
      { role: 'tool', parts: [{ type: 'tool-result', callId: 'call_w', name: 'weather', content: 'sunny' }] },
    ];
    const second = await p.complete({ messages });
    expect(textOf(second)).toBe('Sunny in Paris.');
    expect(emulator.requests()[1].body).toMatchObject({
      previous_response_id: first.metadata.id,
      input: [{ type: 'function_call_output', call_id: 'call_w', output: 'sunny' }],
    });
  });

  it('re-sends a turn in full, once, when the server lost the chained response (another socket)', async () => {
    emulator.script([{ text: 'First.' }, { text: 'Second.' }]);
    const first = await provider().complete({ messages: [userText('one')] });
    const messages: Message[] = [userText('one'), { role: 'assistant', parts: first.parts, metadata: first.metadata }, userText('two')];
    const events = await collect(provider().stream({ messages }));
    expect(textOf(finalResponse(events))).toBe('Second.');
    const [, lost, full] = emulator.requests();
    expect((lost.body as JsonObject).previous_response_id).toBe(first.metadata.id);
    expect((full.body as JsonObject).previous_response_id).toBeUndefined();
    expect((full.body as JsonObject).input).toHaveLength(3);
    expect(emulator.requests()).toHaveLength(3);
  });

  it('maps error events with their status, and refused upgrades, to typed errors', async () => {
    emulator.script([{ error: { status: 429, retryAfter: 2 } }]);
    expect(await rejection(provider().complete({ messages: [userText('x')] }))).toBeInstanceOf(RateLimitError);
    emulator.refuseUpgrades(401);
    try {
      const failure = await rejection(provider().complete({ messages: [userText('x')] }));
      expect(failure).toBeInstanceOf(AuthenticationError);
      expect(JSON.stringify(failure)).not.toContain('sk-ws-key-12345678');
    } finally {
      emulator.refuseUpgrades(undefined);
    }
  });
});
