import { lastValueFrom, take, toArray } from 'rxjs';
import { ChatBuilder, textDeltas } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { EmulatedReply } from '../../../lib/testing';
import type { ProviderEmulator } from '../../../lib/testing';
import { NetworkError } from '../../../lib/errors';
import { useEmulator } from '../../support/emulator-suite';
import { rejection } from '../../support/responses-helpers';
import { makeTool, requireCity } from '../../support/test-tools';
import { all, bodyOf, inputTypes, openaiOn, TransportTracker, waitFor, withoutIds } from '../../support/ws-helpers';

describe('Chats over the WebSocket transport (engine + Responses provider + emulator)', () => {
  let emulator: ProviderEmulator;
  const transports = new TransportTracker();
  useEmulator((e) => (emulator = e));
  afterEach(async () => transports.disposeAll());

  const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: city.length }) });
  const call = (id: string, city: string): EmulatedReply => ({ toolCalls: [{ id, name: 'weather', arguments: { city } }] });

  it('complete() over the socket builds the same response as over HTTP', async () => {
    const reply: EmulatedReply = { reasoning: 'Let me think.', text: 'It is sunny.', usage: { input: 42, output: 7, reasoning: 3, cached: 10 } };
    const toolReply: EmulatedReply = { text: 'Checking.', toolCalls: [{ id: 'call_x', name: 'weather', arguments: { city: 'Oslo' } }] };
    emulator.script([reply, toolReply]);
    const tools = [{ name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    const http = openaiOn(emulator);
    const overHttp = [await http.complete({ messages: [Messages.fromUser('q').toArray()[0]] }), await http.complete({ messages: [Messages.fromUser('q').toArray()[0]], tools })];
    emulator.script([reply, toolReply]);
    const ws = openaiOn(emulator, transports.make());
    const overSocket = [await ws.complete({ messages: [Messages.fromUser('q').toArray()[0]] }), await ws.complete({ messages: [Messages.fromUser('q').toArray()[0]], tools })];
    expect(withoutIds(overSocket)).toEqual(withoutIds(overHttp));
    expect(overSocket[0].parts.map((p) => p.type)).toEqual(['reasoning', 'text']);
    expect(overSocket[1].parts.filter((p) => p.type === 'tool-call')).toHaveLength(1);
    expect(overSocket[0].usage).toMatchObject({ inputTokens: 42, outputTokens: 7 });
    expect(emulator.requests().map((r) => r.method)).toEqual(['POST', 'POST', 'WS', 'WS']);
  });

  it.each(['complete', 'stream'] as const)('a multi-step tool loop (%s) runs on ONE socket; continuations send previous_response_id and only the new items', async (mode) => {
    emulator.script([call('call_1', 'Paris'), call('call_2', 'Rome'), call('call_3', 'Oslo'), { text: 'Paris 5, Rome 4, Oslo 4.' }]);
    const t = transports.make();
    const chat = new ChatBuilder().withModel(openaiOn(emulator, t)).withSystemPrompt('Be brief.').withTools([weather]).build();
    const messages = Messages.fromUser('Weather in Paris, Rome and Oslo?');
    const text = mode === 'complete' ? (await chat.complete(messages)).text : (await lastValueFrom(chat.stream(messages).pipe(textDeltas(), toArray()))).join('');
    expect(text).toBe('Paris 5, Rome 4, Oslo 4.');
    const requests = emulator.requests();
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((r) => r.socket)).size).toBe(1);
    expect(t.openSockets).toBe(1);
    expect(emulator.webSockets.stats().upgrades).toBe(1);
    expect(bodyOf(requests[0]).previous_response_id).toBeUndefined();
    expect(inputTypes(requests[0])).toEqual(['message']);
    const ids = messages.toArray().filter((m) => m.role === 'assistant').map((m) => m.metadata?.id);
    for (let i = 1; i < 4; i++) {
      expect(bodyOf(requests[i])).toMatchObject({ previous_response_id: ids[i - 1], instructions: 'Be brief.' });
      expect(inputTypes(requests[i])).toEqual(['function_call_output']);
      expect(bodyOf(requests[i]).tools).toHaveLength(1);
    }
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
  });

  it('the next user turn of the conversation chains on the same socket too', async () => {
    emulator.script([{ text: 'Hello.' }, { text: 'Bye.' }]);
    const t = transports.make();
    const chat = new ChatBuilder().withModel(openaiOn(emulator, t)).build();
    const messages = Messages.fromUser('Hi');
    await chat.complete(messages);
    await chat.complete(messages.user('Bye'));
    const [, second] = emulator.requests();
    expect(bodyOf(second).previous_response_id).toBe(messages.at(1)?.metadata?.id);
    expect(inputTypes(second)).toEqual(['message']);
    expect(second.socket).toBe(emulator.requests()[0].socket);
  });

  it('a socket the server closed between turns is replaced, and the turn re-sent in full, transparently and once', async () => {
    emulator.script([call('call_1', 'Paris'), { text: 'Done.' }]);
    const t = transports.make();
    const closer = makeTool({
      name: 'weather',
      validate: requireCity,
      execute: async ({ city }) => {
        expect(emulator.webSockets.closeSockets()).toBe(1);
        await waitFor(() => t.openSockets === 0, 2_000, 'the client to see the close');
        return { city };
      },
    });
    const chat = new ChatBuilder().withModel(openaiOn(emulator, t)).withTools([closer]).build();
    const messages = Messages.fromUser('Weather in Paris?');
    const reply = await chat.complete(messages);
    expect(reply.text).toBe('Done.');
    const [first, lost, full] = emulator.requests();
    expect(emulator.requests()).toHaveLength(3);
    expect(bodyOf(lost).previous_response_id).toBe(messages.at(1)?.metadata?.id);
    expect(lost.socket).not.toBe(first.socket);
    expect(bodyOf(full).previous_response_id).toBeUndefined();
    expect(inputTypes(full)).toEqual(['message', 'function_call', 'function_call_output']);
    expect(full.socket).toBe(lost.socket);
    expect(emulator.webSockets.stats().upgrades).toBe(2);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('a reused socket that dies under the message is replaced once; a second death on a fresh socket is an error', async () => {
    emulator.script([call('call_1', 'Paris'), { fault: 'reset-before' }, { text: 'Done.' }]);
    const t = transports.make();
    const chat = new ChatBuilder().withModel(openaiOn(emulator, t)).withTools([weather]).build();
    expect((await chat.complete('Weather in Paris?')).text).toBe('Done.');
    const requests = emulator.requests();
    // turn 1 (socket 1) · turn 2 dies on socket 1 · re-sent on socket 2 (chain lost there) · re-sent in full
    expect(requests.map((r) => [r.socket, bodyOf(r).previous_response_id !== undefined])).toEqual([
      [requests[0].socket, false],
      [requests[0].socket, true],
      [requests[2].socket, true],
      [requests[2].socket, false],
    ]);
    expect(requests[2].socket).not.toBe(requests[0].socket);

    // Once per message: a reused socket dies, its replacement (fresh) dies too → the error surfaces.
    emulator.reset();
    emulator.script([{ text: 'fine' }, { fault: 'reset-before' }, { fault: 'reset-before' }, { text: 'never sent' }]);
    const raw = transports.make();
    const ask = (input: string) => all(raw.events({ url: emulator.url('/v1/responses'), provider: 'raw', body: { model: 'm', input } }));
    await ask('one');
    const failure = await rejection(ask('two'));
    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as NetworkError).message).toMatch(/closed before answering/);
    expect((failure as NetworkError).isRetryable).toBe(true);
    expect(emulator.requests().map((r) => r.socket)).toEqual([expect.any(Number), emulator.requests()[0].socket, expect.any(Number)]);
    expect(emulator.requests()[2].socket).not.toBe(emulator.requests()[0].socket);
    expect(emulator.remaining()).toBe(1);
  });

  it('concurrent chats share a bounded pool: 4 streams over at most 2 sockets, all complete', async () => {
    emulator.script(Array.from({ length: 4 }, (_, i) => ({ text: `answer number ${i}`, chunkDelayMs: 3 })));
    const t = transports.make({ poolSize: 2 });
    const chat = new ChatBuilder().withModel(openaiOn(emulator, t)).build();
    let maxOpen = 0;
    const probe = setInterval(() => (maxOpen = Math.max(maxOpen, t.openSockets)), 1);
    const texts = await Promise.all([0, 1, 2, 3].map((i) => lastValueFrom(chat.stream(`question ${i}`).pipe(textDeltas(), toArray()))));
    clearInterval(probe);
    expect(texts.map((d) => d.join('')).sort()).toEqual([0, 1, 2, 3].map((i) => `answer number ${i}`));
    expect(maxOpen).toBeLessThanOrEqual(2);
    expect(emulator.webSockets.stats().upgrades).toBe(2);
    expect(t.openSockets).toBe(2);
  });

  it('unsubscribing stops reading and closes only its own in-flight socket; another chat on the same pool completes', async () => {
    emulator.script([{ text: 'alpha beta gamma delta epsilon', chunkDelayMs: 15 }, { text: 'one two three four five six seven eight', chunkDelayMs: 15 }]);
    const t = transports.make({ poolSize: 2 });
    const chatA = new ChatBuilder().withModel(openaiOn(emulator, t)).build();
    const chatB = new ChatBuilder().withModel(openaiOn(emulator, t)).build();
    const other = lastValueFrom(chatB.stream('Greek').pipe(textDeltas(), toArray()));
    await waitFor(() => emulator.requests().length === 1, 2_000, 'chat B to start');
    const messagesA = Messages.fromUser('Count');
    const closed = emulator.waitForClientClose();
    const firstTwo = await lastValueFrom(chatA.stream(messagesA).pipe(textDeltas(), take(2), toArray()));
    await closed;
    const [b, a] = emulator.requests();
    expect(a.closedByClient).toBe(true);
    expect(a.socket).not.toBe(b.socket);
    expect(messagesA.last()?.status).toBe('interrupted');
    expect(messagesA.last()?.parts[0]).toMatchObject({ type: 'text', text: firstTwo.join('') });
    expect((await other).join('')).toBe('alpha beta gamma delta epsilon');
    expect(b.closedByClient).toBe(false);
    expect(t.openSockets).toBe(1);
  });
});
