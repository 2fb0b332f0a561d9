import { ChatBuilder } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import { ConcurrentRunError, ConversationFormatError } from '../../lib/errors';
import { ScriptedProvider } from '../support/scripted.provider';
import { makeTool } from '../support/test-tools';

describe('a shared Chat', () => {
  it('serves many conversations at once without mixing them', async () => {
    const provider = new ScriptedProvider((request) => {
      const question = request.messages[0].parts[0];
      const text = question.type === 'text' ? question.text : '?';
      return { text: `answer to ${text}`, delayMs: 5 + (text.length % 3) * 4 };
    });
    const chat = new ChatBuilder().withModel(provider).build();
    const conversations = Array.from({ length: 20 }, (_, i) => Messages.fromUser(`q${i}`));
    await Promise.all(conversations.map((m) => chat.complete(m)));
    conversations.forEach((m, i) => {
      expect(m.toArray().map((x) => x.role)).toEqual(['user', 'assistant']);
      expect(m.last()?.parts).toEqual([{ type: 'text', text: `answer to q${i}` }]);
    });
  });

  it('refuses a second run on the same conversation while one is running', async () => {
    const chat = new ChatBuilder().withModel(new ScriptedProvider([{ text: 'ok', delayMs: 15 }])).build();
    const messages = Messages.fromUser('x');
    const first = chat.complete(messages);
    await expect(chat.complete(messages)).rejects.toBeInstanceOf(ConcurrentRunError);
    await first;
    expect(messages.length).toBe(2);
    // free again afterwards
    await chat.complete(messages.user('y'));
    expect(messages.length).toBe(4);
  });

  it('works on the conversation as it was when the call began and appends once at the end', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const waiter = makeTool({ name: 'wait', execute: () => gate.then(() => 'ok') });
    const provider = new ScriptedProvider([{ toolCalls: [{ id: 'w', name: 'wait' }] }, { text: 'done' }]);
    const chat = new ChatBuilder().withModel(provider).withTools([waiter]).build();
    const messages = Messages.fromUser('x');
    const running = chat.complete(messages);
    await new Promise((r) => setTimeout(r, 5));
    // nothing is appended mid-run; a note added meanwhile is not seen by the run
    expect(messages.length).toBe(1);
    messages.user('a note added meanwhile');
    release();
    await running;
    expect(provider.calls[1].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'user', 'assistant', 'tool', 'assistant']);
  });

  it('copies a plain array or a string and leaves the caller’s data unchanged', async () => {
    const chat = new ChatBuilder().withModel(new ScriptedProvider([{ text: 'ok' }])).build();
    const plain = [{ role: 'user' as const, parts: [{ type: 'text' as const, text: 'hi' }] }];
    const reply = await chat.complete(plain);
    expect(plain).toHaveLength(1);
    expect(reply.messages).toHaveLength(1);
    expect((await chat.complete('hello')).text).toBe('ok');
  });

  it('a conversation that cannot be copied is a typed error and does not stay locked', async () => {
    const chat = new ChatBuilder().withModel(new ScriptedProvider([{ text: 'ok' }])).build();
    const messages = new Messages([{ role: 'user', parts: [{ type: 'text', text: 'x', sources: [{ url: 'u', title: (() => 't') as unknown as string }] }] }]);
    await expect(chat.complete(messages)).rejects.toBeInstanceOf(ConversationFormatError);
    await expect(chat.complete(messages)).rejects.toBeInstanceOf(ConversationFormatError);
  });
});
