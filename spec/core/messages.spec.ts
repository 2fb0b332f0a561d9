import { CONVERSATION_FORMAT_VERSION, Messages } from '../../lib/core/messages';
import type { Message } from '../../lib/core/message.types';
import { ConversationFormatError } from '../../lib/errors';

const everyPart: Message[] = [
  { role: 'system', parts: [{ type: 'text', text: 'Be brief.' }] },
  {
    role: 'user',
    parts: [
      { type: 'text', text: 'Look' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png', mediaType: 'image/png' } },
      { type: 'file', source: { kind: 'base64', data: 'JVBERi0=', mediaType: 'application/pdf' }, filename: 'a.pdf' },
    ],
  },
  {
    role: 'assistant',
    status: 'paused',
    metadata: { id: 'r1', model: 'm', provider: 'claude' },
    usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7, reasoningTokens: 1 },
    finishReason: { unified: 'tool-calls', raw: 'tool_use' },
    parts: [
      { type: 'reasoning', text: 'hmm', signature: 'sig', origin: { provider: 'claude', model: 'm' } },
      { type: 'reasoning', text: '', data: 'opaque', redacted: true, origin: { provider: 'claude', model: 'm' } },
      { type: 'text', text: 'Calling', sources: [{ url: 'https://a.b', title: 'A' }] },
      { type: 'tool-call', id: 'c1', name: 'f', arguments: { a: [1, null] }, status: 'pending' },
      { type: 'tool-call', id: 'c2', name: 'g', arguments: null, rawArguments: '{bad', status: 'failed' },
      { type: 'provider', origin: { provider: 'gemini', model: 'g' }, kind: 'executableCode', data: { code: 'print(1)' } },
    ],
  },
  { role: 'tool', parts: [{ type: 'tool-result', callId: 'c2', name: 'g', content: 'bad json', isError: true, error: { kind: 'invalid-arguments', message: 'x' } }] },
];

describe('Messages', () => {
  it('round-trips every part kind through JSON unchanged', () => {
    const messages = new Messages(everyPart);
    const loaded = Messages.fromJSON(JSON.stringify(messages));
    expect(loaded.toArray()).toEqual(everyPart);
    expect(JSON.parse(JSON.stringify(loaded)).formatVersion).toBe(CONVERSATION_FORMAT_VERSION);
  });

  it('builds conversations with helpers', () => {
    const m = Messages.fromUser('hi').assistant('hello').user('bye');
    expect(m.toArray().map((x) => x.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('approves and rejects pending calls and refuses others', () => {
    const m = new Messages(structuredClone(everyPart));
    m.approve('c1', { arguments: { a: [] } });
    expect(m.findToolCall('c1')?.status).toBe('approved');
    expect(() => m.approve('c1')).toThrow(ConversationFormatError);
    expect(() => m.reject('nope')).toThrow(/No tool call/);
  });

  it('rejects bad saved data with typed errors', () => {
    expect(() => Messages.fromJSON('{')).toThrow(ConversationFormatError);
    expect(() => Messages.fromJSON({ formatVersion: 99, messages: [] })).toThrow(/formatVersion/);
    expect(() => Messages.fromJSON(JSON.stringify({ formatVersion: 1, messages: [{ role: 'x', parts: [] }] }))).toThrow(/role/);
  });
});
