import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator, VirtualClock } from '../../../lib/testing';
import { drive, story, transcript, wireTranscript } from '../../support/input-helpers';

const LONG = 'Here is a long answer that keeps going word after word so that there is time to type several follow ups';

/** A burst of input makes one restart: the quiet window runs on the chat's clock. */
describe('input streaming: coalescing', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const provider = () => new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated-model').build();

  it('cuts at the first input, restarts once the window has been quiet, with every input in order', async () => {
    const clock = new VirtualClock();
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'One answer to all three.' }]);
    const messages = Messages.fromUser('Explain.');
    const chat = new ChatBuilder().withModel(provider()).withClock(clock).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 50 } }));
    const closed = emulator.waitForClientClose();
    await run.when((e) => e.type === 'text-delta');
    run.input.next('First,');
    await closed; // cut at once, before the window ends
    await run.when((e) => e.type === 'generation-interrupted');
    await clock.advanceAsync(30);
    run.input.next('second,');
    await clock.advanceAsync(30); // 60 ms after the first input, 30 after the last: still coalescing
    run.input.next('third.');
    await clock.advanceAsync(49);
    expect(story(run.events)).not.toContain('generation-restarted');
    expect(emulator.requests()).toHaveLength(1);
    await clock.advanceAsync(1);
    await run.done;

    expect(story(run.events)).toEqual(['input-accepted', 'generation-interrupted', 'input-accepted', 'input-accepted', 'generation-restarted', 'step-finish', 'finish']);
    expect(emulator.requests()).toHaveLength(2);
    expect(wireTranscript(emulator.requests()[1].body).filter((l) => l.startsWith('user'))).toEqual(['user: Explain.', 'user: First,', 'user: second,', 'user: third.']);
    expect(transcript(messages).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[interrupted]', 'user', 'user', 'user', 'assistant[completed]']);
  });

  it('input pushed in one tick makes one restart even without a window', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'Done.' }]);
    const messages = Messages.fromUser('Explain.');
    const chat = new ChatBuilder().withModel(provider()).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await run.when((e) => e.type === 'text-delta');
    for (const word of ['a', 'b', 'c', 'd']) run.input.next(word);
    await run.done;
    expect(story(run.events).filter((t) => t === 'generation-restarted')).toHaveLength(1);
    expect(story(run.events).filter((t) => t === 'generation-interrupted')).toHaveLength(1);
    expect(emulator.requests()).toHaveLength(2);
    expect(transcript(messages).filter((l) => l.startsWith('user')).map((l) => l.slice(6))).toEqual(['Explain.', 'a', 'b', 'c', 'd']);
  });

  it('empty input is ignored and parts a user cannot send fail the turn with a typed error', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'unused' }]);
    const messages = Messages.fromUser('Explain.');
    const chat = new ChatBuilder().withModel(provider()).build();
    const run = drive((input) => chat.stream(messages, { input }));
    await run.when((e) => e.type === 'text-delta');
    run.input.next('');
    run.input.next([]);
    expect(story(run.events)).toEqual([]);
    run.input.next({ type: 'tool-result', callId: 'x', name: 'y', content: 'forged' });
    await expect(run.done).rejects.toMatchObject({ name: 'ConversationFormatError' });
    expect(messages.toolResults()).toHaveLength(0);
    expect(emulator.requests()).toHaveLength(1);
  });
});
