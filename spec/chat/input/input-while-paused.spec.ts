import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { FinishEvent } from '../../../lib/core/stream-event.types';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator, type EmulatedReply } from '../../../lib/testing';
import { drive, story, transcript, wireTranscript } from '../../support/input-helpers';
import { deferred, makeTool } from '../../support/test-tools';

const SECRET = 'input-streaming-approval-secret';

/** Input pushed while a turn is (or becomes) paused for approval is queued, never used to decide. */
describe('input streaming: input while paused', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  function setup() {
    const transfers: unknown[] = [];
    const lookupStarted = deferred();
    const lookupRelease = deferred();
    const transfer = makeTool({ name: 'transfer', metadata: { requiresApproval: true }, execute: (args) => (transfers.push(args), 'sent') });
    const lookup = makeTool({
      name: 'lookup',
      execute: async () => {
        lookupStarted.resolve();
        await lookupRelease.promise;
        return 'balance 100';
      },
    });
    const provider = new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated-model').build();
    // a new chat per "process": the shared secret lets a saved pause be resumed elsewhere
    const chat = () => new ChatBuilder().withModel(provider).withTools([transfer, lookup]).withApprovalSecret(SECRET).build();
    return { transfers, lookupStarted, lookupRelease, chat };
  }

  const calls: EmulatedReply = {
    toolCalls: [
      { id: 'call_t', name: 'transfer', arguments: { amount: 50 } },
      { id: 'call_l', name: 'lookup', arguments: {} },
    ],
  };

  it('input arriving while the step pauses is queued behind the pause, survives JSON, and is sent after the results on resume', async () => {
    const s = setup();
    emulator.script([calls, { text: 'Sent 50; you have 50 left.' }]);
    const messages = Messages.fromUser('Send 50 and check my balance.');
    const run = drive((input) => s.chat().stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await s.lookupStarted.promise;
    run.input.next('Also, what is the fee?');
    s.lookupRelease.resolve();
    const events = await run.done;

    expect(story(events)).toEqual(['step-finish', 'input-accepted', 'tool-result', 'paused', 'finish']);
    expect((events[events.length - 1] as FinishEvent<string>).status).toBe('paused');
    expect(emulator.requests()).toHaveLength(1);
    expect(s.transfers).toHaveLength(0);
    expect(transcript(messages)).toEqual([
      'user: Send 50 and check my balance.',
      'assistant[paused]: <call transfer pending><call lookup completed>',
      'tool: lookup=balance 100',
      'user[queued]: Also, what is the fee?',
    ]);

    // save, "restart the process", load, approve, resume
    const loaded = Messages.fromJSON(JSON.stringify(messages));
    expect(loaded.toArray()).toEqual(messages.toArray());
    loaded.approve('call_t');
    const reply = await s.chat().complete(loaded);

    expect(reply.status).toBe('completed');
    expect(s.transfers).toEqual([{ amount: 50 }]);
    expect(wireTranscript(emulator.requests()[1].body)).toEqual([
      'user: Send 50 and check my balance.',
      'call transfer',
      'call lookup',
      'result call_t: sent',
      'result call_l: balance 100',
      'user: Also, what is the fee?',
    ]);
    expect(transcript(loaded)).toEqual([
      'user: Send 50 and check my balance.',
      'assistant[completed]: <call transfer completed><call lookup completed>',
      'tool: transfer=sentlookup=balance 100',
      'user: Also, what is the fee?',
      'assistant[completed]: Sent 50; you have 50 left.',
    ]);
    expect(loaded.toArray().some((m) => m.queued)).toBe(false);
  });

  it('queued input never approves: resuming without a decision stays paused, runs nothing and asks the model nothing', async () => {
    const s = setup();
    s.lookupRelease.resolve();
    emulator.script([calls, { text: 'unused' }]);
    const session = s.chat().session(Messages.fromUser('Send 50.'), { inputHandling: { coalesceMs: 0 } });
    const seen: string[] = [];
    session.events$.subscribe((e) => seen.push(e.type));
    await waitFor(() => session.state === 'paused');
    expect(session.send('Yes, I approve the transfer. Go ahead.')).toBe(true);
    expect(session.send([{ type: 'text', text: 'approved' }])).toBe(true);
    expect(seen.slice(-2)).toEqual(['input-accepted', 'input-accepted']);
    expect(session.state).toBe('paused');

    session.resume();
    await waitFor(() => session.state === 'paused' && seen.filter((t) => t === 'paused').length === 2);
    expect(s.transfers).toHaveLength(0);
    expect(emulator.requests()).toHaveLength(1);
    expect(session.messages.findToolCall('call_t')?.status).toBe('pending');
    expect(transcript(session.messages).slice(-2)).toEqual(['user[queued]: Yes, I approve the transfer. Go ahead.', 'user[queued]: approved']);

    // a queued message cannot carry approval state either: only a call's own status and seal decide
    const saved = JSON.parse(JSON.stringify(session.messages));
    session.cancel();
    const reply = await s.chat().complete(Messages.fromJSON(saved));
    expect(reply.status).toBe('paused');
    expect(s.transfers).toHaveLength(0);
    expect(emulator.requests()).toHaveLength(1);
  });

  it('a session queues input sent while paused and sends it after the approved results on resume()', async () => {
    const s = setup();
    s.lookupRelease.resolve();
    emulator.script([calls, { text: 'Sent. The fee is 1.' }]);
    const session = s.chat().session(Messages.fromUser('Send 50.'), { inputHandling: { coalesceMs: 0 } });
    const all = lastValueFrom(session.events$.pipe(toArray()));
    await waitFor(() => session.state === 'paused');
    session.send('What is the fee?');
    session.messages.approve('call_t');
    session.resume();
    session.end();
    const events = await all;

    // the queued input is on the conversation before the resumed turn starts: no restart is needed
    expect(story(events)).toEqual(['step-finish', 'tool-result', 'paused', 'finish', 'input-accepted', 'tool-result', 'step-finish', 'finish']);
    expect(s.transfers).toEqual([{ amount: 50 }]);
    expect(wireTranscript(emulator.requests()[1].body).slice(-3)).toEqual(['result call_t: sent', 'result call_l: balance 100', 'user: What is the fee?']);
    expect(session.state).toBe('closed');
  });

  it('a new ordinary user message after queued input abandons the pause (calls rejected, input kept, not queued)', async () => {
    const s = setup();
    s.lookupRelease.resolve();
    emulator.script([calls, { text: 'OK, no transfer.' }]);
    const session = s.chat().session(Messages.fromUser('Send 50.'));
    session.events$.subscribe();
    await waitFor(() => session.state === 'paused');
    session.send('Hmm, wait.');
    session.cancel();
    const messages = session.messages.user('Cancel the transfer.');
    await s.chat().complete(messages);
    expect(s.transfers).toHaveLength(0);
    expect(messages.findToolCall('call_t')?.status).toBe('rejected');
    expect(messages.toArray().some((m) => m.queued)).toBe(false);
    expect(wireTranscript(emulator.requests()[1].body).slice(-4)).toEqual([
      'result call_l: balance 100',
      expect.stringMatching(/^result call_t: .*no decision/),
      'user: Hmm, wait.',
      'user: Cancel the transfer.',
    ]);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error('condition not met');
}
