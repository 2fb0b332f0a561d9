import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, type FinishInfo } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { FinishEvent, StreamEvent } from '../../../lib/core/stream-event.types';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing';
import { drive, story, transcript, wireTranscript } from '../../support/input-helpers';

const LONG = 'A long story about a lighthouse keeper who counted the waves every night until the sea grew calm again';

/** The duplex handle: send(), resume(), end(), cancel() and events$ over several turns. */
describe('input streaming: chat.session()', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const chat = (onFinish?: (info: FinishInfo) => void | Promise<void>) => {
    const builder = new ChatBuilder().withModel(new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated-model').build());
    return onFinish ? builder.onFinish(onFinish).build() : builder.build();
  };
  const finishes = (events: readonly StreamEvent<string>[]) => events.filter((e): e is FinishEvent<string> => e.type === 'finish');

  it('answers a conversation ending with a user message, starts a turn per input when idle, and completes after end()', async () => {
    emulator.script([{ text: 'Hello!' }, { text: 'Fine, thanks.' }]);
    const session = chat().session(Messages.fromUser('Hi.'));
    const all = lastValueFrom(session.events$.pipe(toArray()));
    await until(() => session.state === 'idle');
    expect(session.send('How are you?')).toBe(true);
    expect(session.state).toBe('running');
    session.end();
    expect(session.send('ignored')).toBe(false);
    const events = await all;

    expect(finishes(events).map((f) => f.output)).toEqual(['Hello!', 'Fine, thanks.']);
    expect(story(events)).toEqual(['step-finish', 'finish', 'input-accepted', 'step-finish', 'finish']);
    expect(transcript(session.messages)).toEqual(['user: Hi.', 'assistant[completed]: Hello!', 'user: How are you?', 'assistant[completed]: Fine, thanks.']);
    expect(session.state).toBe('closed');
  });

  it('send() during the answer interrupts and restarts it', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'Short version.' }]);
    const session = chat().session(Messages.fromUser('Tell me a story.'), { inputHandling: { coalesceMs: 0 } });
    const run = drive(() => session.events$);
    await run.when((e) => e.type === 'text-delta');
    session.send('Keep it short.');
    session.end();
    const events = await run.done;
    expect(story(events)).toEqual(['input-accepted', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    expect(emulator.requests()[0].closedByClient).toBe(true);
    expect(transcript(session.messages).slice(1).map((l) => l.split(':')[0])).toEqual(['assistant[interrupted]', 'user', 'assistant[completed]']);
  });

  it('cancel() aborts the request (the emulator sees the close), keeps the partial turn and the accepted input, and completes', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'unused' }]);
    const finished: FinishInfo[] = [];
    const session = chat((info) => void finished.push(info)).session(Messages.fromUser('Tell me a story.'));
    const run = drive(() => session.events$);
    await run.when((e) => e.type === 'text-delta');
    const closed = emulator.waitForClientClose();
    session.send('Stop.');
    session.cancel();
    await closed;
    await run.done; // completes, no error
    expect(session.send('late')).toBe(false);
    expect(emulator.requests()).toHaveLength(1);
    expect(emulator.requests()[0].closedByClient).toBe(true);
    expect(transcript(session.messages).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[interrupted]', 'user']);
    expect(session.messages.last()?.parts).toEqual([{ type: 'text', text: 'Stop.' }]);
    expect(finished.map((f) => f.status)).toEqual(['interrupted']);

    // the saved conversation answers the input next time, without repeating anything
    emulator.script([{ text: 'Stopped.' }]);
    const loaded = Messages.fromJSON(JSON.stringify(session.messages));
    await chat().complete(loaded);
    expect(wireTranscript(emulator.requests()[1].body).map((l) => l.split(':')[0])).toEqual(['user', 'assistant', 'user']);
    expect(transcript(loaded).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[interrupted]', 'user', 'assistant[completed]']);
  });

  it('unsubscribing the last subscriber cancels; an aborted signal cancels too', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: LONG, chunkDelayMs: 10 }]);
    const session = chat().session(Messages.fromUser('Story.'));
    const run = drive(() => session.events$);
    await run.when((e) => e.type === 'text-delta');
    const closed = emulator.waitForClientClose();
    run.unsubscribe();
    await closed;
    expect(session.state).toBe('closed');

    const controller = new AbortController();
    const second = chat().session(Messages.fromUser('Story.'), { signal: controller.signal });
    const run2 = drive(() => second.events$);
    await run2.when((e) => e.type === 'text-delta');
    controller.abort();
    await run2.done;
    expect(second.state).toBe('closed');
    expect(second.messages.last()?.status).toBe('interrupted');
  });

  it('input sent after the turn stopped listening but before it completed starts the next turn', async () => {
    emulator.script([{ text: 'First answer.' }, { text: 'Second answer.' }]);
    let session!: ReturnType<ReturnType<typeof chat>['session']>;
    let sent = false;
    // onFinish runs after the turn decided its outcome and before the stream completes
    session = chat(async () => {
      if (!sent) (sent = true), session.send('Follow-up.');
      await new Promise((r) => setTimeout(r, 5));
    }).session(Messages.fromUser('Question.'));
    const all = lastValueFrom(session.events$.pipe(toArray()));
    await until(() => sent && session.state === 'idle');
    session.end();
    const events = await all;
    expect(finishes(events).map((f) => f.output)).toEqual(['First answer.', 'Second answer.']);
    expect(transcript(session.messages)).toEqual(['user: Question.', 'assistant[completed]: First answer.', 'user: Follow-up.', 'assistant[completed]: Second answer.']);
  });

  it('a failed turn errors events$ and closes the session', async () => {
    emulator.script([{ error: { status: 400, message: 'bad request' } }]);
    const session = chat().session(Messages.fromUser('Hi.'));
    await expect(lastValueFrom(session.events$)).rejects.toMatchObject({ status: 400 });
    expect(session.state).toBe('closed');
    expect(session.send('again')).toBe(false);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error('condition not met');
}
