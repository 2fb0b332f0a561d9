import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import type { Message } from '../../lib/core/message.types';
import { Messages } from '../../lib/core/messages';
import type { ModelStreamEvent, ProviderFallbackEvent, StreamEvent } from '../../lib/core/stream-event.types';
import { AuthenticationError, NetworkError } from '../../lib/errors';
import { fixedDelay } from '../../lib/retry';
import { RouterBuilder, type StreamFallbackMode } from '../../lib/router';
import { RESUME_INSTRUCTION } from '../../lib/router/stream-resume';
import { ProviderEmulator } from '../../lib/testing';
import { requestCounts, responsesAt } from '../support/emulated-providers';

const ask = (text = 'Tell me a story') => ({ messages: [{ role: 'user', parts: [{ type: 'text', text }] } as Message] });
const texts = (events: readonly { type: string }[]): string =>
  events.filter((e): e is Extract<ModelStreamEvent, { type: 'text-delta' }> => e.type === 'text-delta').map((e) => e.delta).join('');
const fallbacks = (events: readonly { type: string }[]): ProviderFallbackEvent[] => events.filter((e): e is ProviderFallbackEvent => e.type === 'provider-fallback');

/**
 * Stream fallback after the first event reached the subscriber. The emulator's Responses stream
 * sends 4 frames (created, in_progress, item added, part added) then one frame per word, so a
 * `reset-mid` after 6 chunks has delivered two words.
 */
describe('stream router fallback modes', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const router = (mode?: StreamFallbackMode) => {
    const builder = new RouterBuilder().addProvider(responsesAt(emulator, 'a'), { name: 'a' }).addProvider(responsesAt(emulator, 'b'), { name: 'b' });
    return (mode ? builder.withStreamFallback(mode) : builder).build();
  };
  const cutAfterTwoWords = { text: 'Once upon a time there was a fox.', fault: 'reset-mid' as const, afterChunks: 6 };

  it('`error` (default): a failure after the first event surfaces the typed error; the next provider is not called', async () => {
    emulator.script([cutAfterTwoWords], 'a').script([{ text: 'never' }], 'b');
    const seen: ModelStreamEvent[] = [];
    const error = await new Promise<unknown>((resolve) => router().stream(ask()).subscribe({ next: (e) => seen.push(e), error: resolve, complete: () => resolve(undefined) }));
    expect(texts(seen)).toBe('Once upon ');
    expect(error).toBeInstanceOf(NetworkError);
    expect(fallbacks(seen)).toEqual([]);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 0 });
  });

  it('`restart`: emits provider-fallback, then the next provider answers from scratch with the same request', async () => {
    emulator.script([cutAfterTwoWords], 'a').script([{ text: 'A fresh story.' }], 'b');
    const events = await lastValueFrom(router('restart').stream(ask()).pipe(toArray()));
    const [fallback] = fallbacks(events);
    expect(fallback).toMatchObject({ type: 'provider-fallback', from: 'a', to: 'b', mode: 'restart' });
    expect(fallback.error).toBeInstanceOf(NetworkError);
    const index = events.indexOf(fallback);
    expect(texts(events.slice(0, index))).toBe('Once upon ');
    expect(texts(events.slice(index))).toBe('A fresh story.');
    const last = events.at(-1) as Extract<ModelStreamEvent, { type: 'step-finish' }>;
    expect(last.type).toBe('step-finish');
    expect(last.response.parts).toEqual([expect.objectContaining({ type: 'text', text: 'A fresh story.' })]);
    expect(JSON.stringify(emulator.requests('b')[0].body)).toBe(JSON.stringify(emulator.requests('a')[0].body).replace('model-a', 'model-b'));
  });

  it('`resume`: the next provider gets the text already shown and continues it; the final response holds the whole text', async () => {
    emulator.script([cutAfterTwoWords], 'a').script([{ text: 'a time there was a fox.' }], 'b');
    const events = await lastValueFrom(router('resume').stream(ask()).pipe(toArray()));
    expect(fallbacks(events)).toEqual([expect.objectContaining({ from: 'a', to: 'b', mode: 'resume' })]);
    expect(texts(events)).toBe('Once upon a time there was a fox.');
    const last = events.at(-1) as Extract<ModelStreamEvent, { type: 'step-finish' }>;
    expect(last.response.parts).toEqual([expect.objectContaining({ type: 'text', text: 'Once upon a time there was a fox.' })]);
    const sent = JSON.stringify(emulator.requests('b')[0].body);
    expect(sent).toContain('Once upon ');
    expect(sent).toContain(RESUME_INSTRUCTION);
    expect(sent.indexOf('Once upon ')).toBeLessThan(sent.indexOf(RESUME_INSTRUCTION));
  });

  it('`resume` with no text shown yet (only reasoning) restarts instead, and says so', async () => {
    // created, in_progress, reasoning item added, summary part added, first summary word: then cut
    emulator.script([{ reasoning: 'Let me think about foxes', text: 'Foxes are clever.', fault: 'reset-mid', afterChunks: 5 }], 'a').script([{ text: 'Foxes are clever.' }], 'b');
    const events = await lastValueFrom(router('resume').stream(ask()).pipe(toArray()));
    expect(events.some((e) => e.type === 'reasoning-delta')).toBe(true);
    expect(fallbacks(events)).toEqual([expect.objectContaining({ mode: 'restart' })]);
    expect(JSON.stringify(emulator.requests('b')[0].body)).not.toContain(RESUME_INSTRUCTION);
  });

  it('a non-retryable failure is surfaced whatever the mode', async () => {
    emulator.script([{ error: { status: 401 } }], 'a');
    await expect(lastValueFrom(router('restart').stream(ask()))).rejects.toBeInstanceOf(AuthenticationError);
    expect(requestCounts(emulator, 'b')).toEqual({ b: 0 });
  });

  it('through the engine, `restart` leaves only the new provider’s answer on the conversation', async () => {
    emulator.script([cutAfterTwoWords], 'a').script([{ text: 'A fresh story.' }], 'b');
    const messages = Messages.fromUser('Tell me a story');
    const chat = new ChatBuilder().withModel(router('restart')).build();
    const events: StreamEvent[] = await lastValueFrom(chat.stream(messages).pipe(toArray()));
    expect(events.map((e) => e.type)).toContain('provider-fallback');
    expect(events.at(-1)).toMatchObject({ type: 'finish', status: 'completed', output: 'A fresh story.' });
    expect(messages.last()?.parts).toEqual([expect.objectContaining({ type: 'text', text: 'A fresh story.' })]);
    expect(messages.last()?.metadata?.model).toBe('model-b');
  });

  it('through the engine, `resume` writes the whole text once; a retry policy never repeats the shown stream', async () => {
    emulator.script([cutAfterTwoWords], 'a').script([{ text: 'a time there was a fox.' }], 'b');
    const messages = Messages.fromUser('Tell me a story');
    const chat = new ChatBuilder().withModel(router('resume')).withRetry(fixedDelay(0, 3)).build();
    const events: StreamEvent[] = await lastValueFrom(chat.stream(messages).pipe(toArray()));
    expect(events.at(-1)).toMatchObject({ type: 'finish', output: 'Once upon a time there was a fox.' });
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 1 });
  });

  it('when the last provider fails after a fallback, the error carries every failure', async () => {
    emulator.script([cutAfterTwoWords], 'a').script([{ error: { status: 503 } }], 'b');
    const seen: ModelStreamEvent[] = [];
    const error = await new Promise<unknown>((resolve) => router('restart').stream(ask()).subscribe({ next: (e) => seen.push(e), error: resolve }));
    expect(fallbacks(seen)).toHaveLength(1);
    expect(error).toMatchObject({ name: 'AllProvidersFailedError' });
    expect((error as { errors: Array<{ provider: string }> }).errors.map((e) => e.provider)).toEqual(['a', 'b']);
  });
});
