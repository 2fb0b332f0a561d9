import { of, Subject } from 'rxjs';
import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { GenerationInterruptedEvent, FinishEvent } from '../../../lib/core/stream-event.types';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing';
import { drive, story, transcript, wireTranscript } from '../../support/input-helpers';

const LONG = 'Paris is the capital of France and it has many museums bridges cafes parks and old streets worth a slow walk';

/** Input pushed while the model writes text: the request is cut on the wire and restarted with the input. */
describe('input streaming: input during text', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const chat = () =>
    new ChatBuilder()
      .withModel(new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated-model').build())
      .build();

  it('cuts the generation (the emulator sees the client close) and restarts it with the input merged', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 15 }, { text: 'Paris: museums.' }]);
    const messages = Messages.fromUser('Tell me about Paris.');
    const closed = emulator.waitForClientClose();
    const run = drive((input) => chat().stream(messages, { input, inputHandling: { coalesceMs: 5 } }));
    await run.when((e, i) => e.type === 'text-delta' && i >= 2);
    run.input.next('Shorter, please.');
    await closed;
    const events = await run.done;

    expect(story(events)).toEqual(['input-accepted', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    const cut = events.find((e): e is GenerationInterruptedEvent => e.type === 'generation-interrupted')!;
    expect(cut.partialText.length).toBeGreaterThan(0);
    expect(LONG.startsWith(cut.partialText)).toBe(true);
    expect(cut.partialText).not.toBe(LONG);

    const requests = emulator.requests();
    expect(requests).toHaveLength(2);
    expect(requests[0].closedByClient).toBe(true);
    expect(requests[1].closedByClient).toBe(false);
    expect(wireTranscript(requests[1].body)).toEqual(['user: Tell me about Paris.', `assistant: ${cut.partialText}`, 'user: Shorter, please.']);

    const finish = events[events.length - 1] as FinishEvent<string>;
    expect(finish.status).toBe('completed');
    expect(finish.output).toBe('Paris: museums.');
    expect(transcript(messages)).toEqual([
      'user: Tell me about Paris.',
      `assistant[interrupted]: ${cut.partialText}`,
      'user: Shorter, please.',
      'assistant[completed]: Paris: museums.',
    ]);
    expect(finish.messages).toEqual(messages.toArray().slice(1));
  });

  it('leaves a conversation that survives the JSON round trip and continues', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 15 }, { text: 'Short.' }, { text: 'Rome is older.' }]);
    const messages = Messages.fromUser('Tell me about Paris.');
    const run = drive((input) => chat().stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await run.when((e) => e.type === 'text-delta');
    run.input.next([{ type: 'text', text: 'Shorter' }, { type: 'image', source: { kind: 'url', url: 'https://example.com/p.png' } }]);
    await run.done;

    const saved = JSON.stringify(messages);
    const loaded = Messages.fromJSON(saved);
    expect(loaded.toArray()).toEqual(messages.toArray());
    expect(loaded.at(1)?.status).toBe('interrupted');
    expect(loaded.at(2)?.parts).toEqual([{ type: 'text', text: 'Shorter' }, { type: 'image', source: { kind: 'url', url: 'https://example.com/p.png' } }]);

    const reply = await chat().complete(loaded.user('And Rome?'));
    expect(reply.text).toBe('Rome is older.');
    expect(wireTranscript(emulator.requests()[2].body).map((l) => l.split(':')[0])).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(loaded.toArray().filter((m) => m.role === 'user')).toHaveLength(3);
  });

  it('unsubscribing keeps the partial turn and the accepted input; a re-subscription answers it without duplicating', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 15 }, { text: 'Answered.' }]);
    const messages = Messages.fromUser('Tell me about Paris.');
    const input = new Subject<string>();
    const stream = chat().stream(messages, { input, inputHandling: { coalesceMs: 60_000 } });
    const first = drive(() => stream);
    await first.when((e) => e.type === 'text-delta');
    input.next('Stop.');
    await first.when((e) => e.type === 'generation-interrupted');
    first.unsubscribe(); // cancel while the restart waits for the window
    expect(emulator.requests()).toHaveLength(1);
    expect(transcript(messages).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[interrupted]', 'user']);

    const again = await drive(() => stream).done; // e.g. what retry() does
    expect((again[again.length - 1] as FinishEvent<string>).output).toBe('Answered.');
    expect(transcript(messages).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[interrupted]', 'user', 'assistant[completed]']);
    expect(wireTranscript(emulator.requests()[1].body).map((l) => l.split(':')[0])).toEqual(['user', 'assistant', 'user']);
  });

  it('completing the input side does not end the output', async () => {
    emulator.script([{ text: 'one two three four', chunkDelayMs: 5 }]);
    const messages = Messages.fromUser('Count.');
    const run = drive((input) => chat().stream(messages, { input }));
    await run.when((e) => e.type === 'text-delta');
    run.input.complete();
    const events = await run.done;
    expect(story(events)).toEqual(['step-finish', 'finish']);
    expect((events[events.length - 1] as FinishEvent<string>).output).toBe('one two three four');
    expect(emulator.requests()).toHaveLength(1);
  });

  it('input that is already there when the stream starts is merged before the first request (no restart)', async () => {
    emulator.script([{ text: 'Bonjour.' }]);
    const messages = Messages.fromUser('Greet me.');
    const events = await drive<string>(() => chat().stream(messages, { input: of('In French.') })).done;
    expect(story(events)).toEqual(['input-accepted', 'step-finish', 'finish']);
    expect(emulator.requests()).toHaveLength(1);
    expect(wireTranscript(emulator.requests()[0].body)).toEqual(['user: Greet me.', 'user: In French.']);
    expect(transcript(messages)).toEqual(['user: Greet me.', 'user: In French.', 'assistant[completed]: Bonjour.']);
  });

  it('a failing input stream fails the turn with a typed error and keeps the partial turn', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 15 }]);
    const messages = Messages.fromUser('Tell me about Paris.');
    const run = drive((input) => chat().stream(messages, { input }));
    await run.when((e) => e.type === 'text-delta');
    run.input.error(new Error('keyboard unplugged'));
    await expect(run.done).rejects.toMatchObject({ name: 'AbortedError', message: expect.stringContaining('keyboard unplugged') });
    expect(messages.last()?.status).toBe('interrupted');
  });
});
