import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, textDeltas } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { Message } from '../../../lib/core/message.types';
import { AbortedError, AuthenticationError, ChatError, InvalidRequestError, InvalidResponseError, NetworkError, RateLimitError, ServerError, TimeoutError } from '../../../lib/errors';
import { fixedDelay } from '../../../lib/retry';
import { RouterBuilder } from '../../../lib/router';
import type { EmulatedReply } from '../../../lib/testing';
import type { ProviderEmulator } from '../../../lib/testing';
import { useEmulator } from '../../support/emulator-suite';
import { rejection } from '../../support/responses-helpers';
import { makeTool, requireCity } from '../../support/test-tools';
import { openaiOn, TransportTracker, waitFor } from '../../support/ws-helpers';

type ErrorClass = new (...args: never[]) => ChatError;

/** What a failed `chat.stream` left: the error, the deltas seen, and the conversation. */
interface Outcome {
  readonly error: ChatError;
  readonly deltas: string;
  readonly messages: readonly Message[];
}

describe('WebSocket faults end the turn like HTTP faults do', () => {
  let emulator: ProviderEmulator;
  const transports = new TransportTracker();
  useEmulator((e) => (emulator = e));
  afterEach(async () => transports.disposeAll());

  const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: 20 }) });
  const words = 'one two three four five six seven eight nine ten';

  /** Streams one chat turn whose second model request is `fault`, over HTTP or a socket. */
  async function failOn(fault: EmulatedReply, overSocket: boolean): Promise<Outcome> {
    emulator.reset();
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, fault]);
    const provider = openaiOn(emulator, overSocket ? transports.make() : undefined);
    // one attempt: the test compares how each fault ends the turn
    const chat = new ChatBuilder().withModel(provider).withTools([weather]).withRetry(false).build();
    const messages = Messages.fromUser('Weather in Paris?');
    const seen: string[] = [];
    const error = (await rejection(
      new Promise<void>((resolve, reject) =>
        chat.stream(messages, { idleTimeout: 150 }).subscribe({ next: (e) => e.type === 'text-delta' && seen.push(e.delta), error: reject, complete: resolve }),
      ),
    )) as ChatError;
    return { error, deltas: seen.join(''), messages: messages.toArray() };
  }

  it.each<[string, EmulatedReply, ErrorClass, boolean]>([
    ['an error event (429)', { error: { status: 429 } }, RateLimitError, true],
    ['an error event (500)', { error: { status: 500 } }, ServerError, true],
    ['an error event (400)', { error: { status: 400, message: 'Bad tool output.' } }, InvalidRequestError, false],
    ['a close mid-response', { text: words, fault: 'reset-mid', afterChunks: 6 }, NetworkError, true],
    ['a stalled socket (idle timeout)', { text: words, fault: 'stall-mid', afterChunks: 6 }, TimeoutError, true],
    // the answer arrived (malformed): never paid for twice
    ['a message that is not JSON', { text: words, fault: 'malformed', afterChunks: 6 }, InvalidResponseError, false],
  ])('%s: a typed error, retryable as over HTTP, the partial turn kept on the conversation', async (_name, fault, type, retryable) => {
    const http = await failOn(fault, false);
    const ws = await failOn(fault, true);
    expect(ws.error).toBeInstanceOf(type);
    expect(ws.error.constructor).toBe(http.error.constructor);
    expect(ws.error.isRetryable).toBe(retryable);
    expect(http.error.isRetryable).toBe(retryable);
    expect(ws.error.provider).toBe('openai');
    // The partial turn: the finished tool step, then what streamed of the failed request.
    expect(ws.messages.map((m) => m.role)).toEqual(http.messages.map((m) => m.role));
    expect(ws.messages.slice(0, 3).map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(ws.deltas).toBe(http.deltas);
    if (ws.deltas !== '') {
      expect(ws.messages[3]).toMatchObject({ role: 'assistant', status: 'interrupted', parts: [{ type: 'text', text: ws.deltas }] });
      expect(words.startsWith(ws.deltas)).toBe(true);
    } else expect(ws.messages[1].status).toBe('interrupted');
    if (fault.fault) expect(ws.deltas).not.toBe('');
    if (ws.error instanceof TimeoutError) expect(ws.error.kind).toBe('idle');
  });

  it('after a fault the socket is not lent again with a response running on it', async () => {
    emulator.script([{ text: words, fault: 'stall-mid', afterChunks: 4 }, { text: 'fresh' }]);
    const t = transports.make();
    const chat = new ChatBuilder().withModel(openaiOn(emulator, t)).withRetry(false).build();
    expect(await rejection(chat.complete('one', { idleTimeout: 100 }))).toBeInstanceOf(TimeoutError);
    expect(t.openSockets).toBe(0);
    expect((await chat.complete('two')).text).toBe('fresh');
    const [stalled, fresh] = emulator.requests();
    expect(fresh.socket).not.toBe(stalled.socket);
  });

  it("the caller's abort signal ends the turn with AbortedError and closes the socket carrying the response", async () => {
    emulator.script([{ text: words, chunkDelayMs: 20 }]);
    const t = transports.make();
    const chat = new ChatBuilder().withModel(openaiOn(emulator, t)).build();
    const controller = new AbortController();
    const closed = emulator.waitForClientClose();
    const run = chat.complete('Count slowly', { signal: controller.signal });
    await waitFor(() => emulator.requests().length === 1);
    controller.abort();
    expect(await rejection(run)).toBeInstanceOf(AbortedError);
    await closed;
    expect(emulator.requests()[0]).toMatchObject({ closedByClient: true, completed: false });
    expect(t.openSockets).toBe(0);
  });

  it('ChatBuilder.withRetry applies unchanged: complete() retries a close mid-response and an error event', async () => {
    emulator.script([{ text: words, fault: 'reset-mid', afterChunks: 5 }, { error: { status: 429 } }, { text: 'Third time lucky.' }]);
    const t = transports.make();
    const retries: string[] = [];
    const chat = new ChatBuilder()
      .withModel(openaiOn(emulator, t))
      .withRetry(fixedDelay(1, 3, { onRetry: ({ error }) => void retries.push(error.name) }))
      .build();
    const messages = Messages.fromUser('Hello');
    expect((await chat.complete(messages)).text).toBe('Third time lucky.');
    expect(retries).toEqual(['NetworkError', 'RateLimitError']);
    expect(emulator.requests()).toHaveLength(3);
    expect(messages.toArray().map((m) => [m.role, m.status])).toEqual([
      ['user', undefined],
      ['assistant', 'completed'],
    ]);
  });

  it('a router falls back from the socket to HTTP on the errors it would fall back on over HTTP', async () => {
    const t = transports.make({ reconnectAttempts: 0 });
    const router = new RouterBuilder().addProvider(openaiOn(emulator, t), { name: 'socket' }).addProvider(openaiOn(emulator, undefined, 'http'), { name: 'http' }).build();
    const chat = new ChatBuilder().withModel(router).build();
    emulator.refuseUpgrades(503, 'default', 1);
    emulator.script([{ text: 'From HTTP.' }], 'http');
    expect((await chat.complete('Hi')).text).toBe('From HTTP.');
    emulator.script([{ text: words, fault: 'reset-mid', afterChunks: 5 }]);
    emulator.script([{ text: 'HTTP again.' }], 'http');
    expect((await chat.complete('Hi')).text).toBe('HTTP again.');
    emulator.refuseUpgrades(401);
    expect(await rejection(chat.complete('Hi'))).toBeInstanceOf(AuthenticationError);
    expect(emulator.requests('http')).toHaveLength(2);
    expect(emulator.webSockets.stats()).toMatchObject({ refused: 2, upgrades: 1 });
  });

  it('stream(): a request that failed before emitting is retried; one that streamed fails for good (as over HTTP)', async () => {
    emulator.script([{ fault: 'reset-before' }, { text: 'After a reset.' }]);
    const t = transports.make();
    const chat = new ChatBuilder().withModel(openaiOn(emulator, t)).withRetry(fixedDelay(1, 3)).build();
    expect((await lastValueFrom(chat.stream('Hi').pipe(textDeltas(), toArray()))).join('')).toBe('After a reset.');
    expect(emulator.requests()).toHaveLength(2);

    emulator.reset();
    emulator.script([{ text: words, fault: 'reset-mid', afterChunks: 5 }, { text: 'not used' }]);
    const messages = Messages.fromUser('Count');
    expect(await rejection(lastValueFrom(chat.stream(messages)))).toBeInstanceOf(NetworkError);
    expect(emulator.requests()).toHaveLength(1);
    expect(messages.last()).toMatchObject({ role: 'assistant', status: 'interrupted' });
  });
});
