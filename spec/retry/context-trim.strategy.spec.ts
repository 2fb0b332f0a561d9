import { ChatBuilder } from '../../lib/chat';
import type { Message } from '../../lib/core/message.types';
import { Messages } from '../../lib/core/messages';
import { ContextLengthExceededError } from '../../lib/errors';
import { fixedDelay, noRetry, trimOldestTurns } from '../../lib/retry';
import { ProviderEmulator } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';

const text = (role: Message['role'], t: string): Message => ({ role, parts: [{ type: 'text', text: t }] });
const call = (id: string, status: 'completed' | 'pending' | 'approved' = 'completed'): Message => ({
  role: 'assistant',
  parts: [{ type: 'tool-call', id, name: 'f', arguments: {}, status }],
});
const result = (id: string): Message => ({ role: 'tool', parts: [{ type: 'tool-result', callId: id, name: 'f', content: 'ok' }] });
const labels = (messages: readonly Message[] | undefined): string[] | undefined =>
  messages?.map((m) => {
    const p = m.parts[0];
    return p.type === 'text' ? p.text : p.type === 'tool-call' ? `call:${p.id}` : p.type === 'tool-result' ? `result:${p.callId}` : p.type;
  });

describe('trimOldestTurns', () => {
  it('drops whole turns oldest first, keeping system messages and the current turn', () => {
    const messages = [text('system', 's'), text('user', 'u1'), text('assistant', 'a1'), text('user', 'u2'), text('assistant', 'a2'), text('user', 'u3')];
    expect(labels(trimOldestTurns(messages))).toEqual(['s', 'u2', 'a2', 'u3']);
    expect(labels(trimOldestTurns(messages, 2))).toEqual(['s', 'u3']);
    expect(labels(trimOldestTurns(messages, 9))).toEqual(['s', 'u3']);
    expect(trimOldestTurns([text('system', 's'), text('user', 'only')])).toBeUndefined();
    expect(trimOldestTurns([])).toBeUndefined();
  });

  it('keeps the whole current turn, tool loop included, and a system message in the middle', () => {
    const messages = [text('user', 'u1'), text('system', 'mid'), text('assistant', 'a1'), text('user', 'u2'), call('c1'), result('c1'), call('c2'), result('c2')];
    expect(labels(trimOldestTurns(messages))).toEqual(['mid', 'u2', 'call:c1', 'result:c1', 'call:c2', 'result:c2']);
  });

  it('drops a tool call together with its result, never one without the other', () => {
    // c1 is asked in turn 1 and answered in turn 2 (a resumed approval): the two turns go together
    const messages = [text('user', 'u1'), call('c1'), text('user', 'u2'), result('c1'), text('assistant', 'a2'), text('user', 'u3'), text('assistant', 'a3'), text('user', 'u4')];
    expect(labels(trimOldestTurns(messages))).toEqual(['u3', 'a3', 'u4']);
  });

  it('never drops a tool call still waiting for its result, but may drop turns after it', () => {
    const messages = [text('user', 'u1'), call('c1', 'pending'), text('user', 'u2'), text('assistant', 'a2'), text('user', 'u3')];
    expect(labels(trimOldestTurns(messages))).toEqual(['u1', 'call:c1', 'u3']);
    expect(trimOldestTurns([text('user', 'u1'), call('c1', 'approved'), text('user', 'u2')])).toBeUndefined();
  });

  it('keeps an old call whose result is in the current turn', () => {
    const messages = [text('user', 'u1'), call('c1'), text('user', 'u2'), result('c1')];
    expect(trimOldestTurns(messages)).toBeUndefined();
  });
});

/** A request over the context is shortened and sent again; the caller's conversation is untouched. */
describe('context-length strategy over the emulator', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const tooLong = { error: { status: 400, code: 'context_length_exceeded', message: "This model's maximum context length is 20 tokens." } };
  const history = () => new Messages([text('user', 'first question'), text('assistant', 'first answer'), text('user', 'second question'), text('assistant', 'second answer'), text('user', 'third question')]);
  const inputTexts = (body: unknown): string[] => JSON.stringify(body).match(/(first|second|third) (question|answer)/g) ?? [];

  it('trims the oldest turns before the next attempt, one turn per failure', async () => {
    emulator.script([tooLong, tooLong, { text: 'fits now' }]);
    const messages = history();
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'default')).withRetry(noRetry(), { onContextLength: trimOldestTurns }).build();
    await expect(chat.complete(messages)).resolves.toMatchObject({ text: 'fits now' });
    expect(emulator.requests().map((r) => inputTexts(r.body))).toEqual([
      ['first question', 'first answer', 'second question', 'second answer', 'third question'],
      ['second question', 'second answer', 'third question'],
      ['third question'],
    ]);
    expect(messages.length).toBe(6);
  });

  it('surfaces the error when nothing more can be trimmed, and without the option', async () => {
    emulator.script([tooLong, tooLong, tooLong, { text: 'never' }]);
    const chat = new ChatBuilder().withModel(responsesAt(emulator, 'default')).withRetry(fixedDelay(0, 5), { onContextLength: trimOldestTurns }).build();
    await expect(chat.complete(new Messages([text('user', 'a'), text('assistant', 'b'), text('user', 'c')]))).rejects.toBeInstanceOf(ContextLengthExceededError);
    expect(emulator.requests()).toHaveLength(2);

    emulator.reset();
    emulator.script([tooLong, { text: 'never' }]);
    const plain = new ChatBuilder().withModel(responsesAt(emulator, 'default')).withRetry(fixedDelay(0, 5)).build();
    await expect(plain.complete(history())).rejects.toBeInstanceOf(ContextLengthExceededError);
    expect(emulator.requests()).toHaveLength(1);
  });
});
