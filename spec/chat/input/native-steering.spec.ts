import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { FinishEvent } from '../../../lib/core/stream-event.types';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing';
import { drive, story, transcript } from '../../support/input-helpers';
import { SteerableTestProvider } from '../../support/steerable.provider';
import { makeTool } from '../../support/test-tools';

/**
 * EXPERIMENTAL native steering: the engine's plumbing and its fallback, with an in-process provider
 * playing the documented protocol. The Responses provider over a WebSocket steers for real against
 * the emulator (native-steering-websocket.spec.ts); `response.steer` (beta) cannot be checked
 * against the real API offline.
 */
describe('input streaming: experimental native steering', () => {
  it('steers the response in flight instead of cutting it: no new request, the continuation answers', async () => {
    const provider = new SteerableTestProvider();
    const messages = Messages.fromUser('Count to ten.');
    const chat = new ChatBuilder().withModel(provider).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { experimentalNativeSteering: true } }));
    await run.when((e) => e.type === 'text-delta');
    run.input.next('Stop counting.');
    const events = await run.done;

    expect(provider.steered).toEqual([[{ type: 'text', text: 'Stop counting.' }]]);
    expect(provider.requests.map((r) => r.kind)).toEqual(['steerable']);
    expect(provider.continuations).toBe(1);
    expect(story(events)).toEqual(['input-accepted', 'step-finish', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    expect((events[events.length - 1] as FinishEvent<string>).output).toBe('Steered answer.');
    const lines = transcript(messages);
    expect(lines[0]).toBe('user: Count to ten.');
    expect(lines[1]).toMatch(/^assistant\[interrupted\]: one/);
    expect(lines.slice(2)).toEqual(['user: Stop counting.', 'assistant[completed]: Steered answer.']);
  });

  it('a steered response that ends with tool calls: the tools run, the engine sends the input after the results itself', async () => {
    const provider = new SteerableTestProvider();
    provider.callsOnFirst = [{ type: 'tool-call', id: 'c1', name: 'ping', arguments: {}, status: 'pending' }];
    const pings: unknown[] = [];
    const chat = new ChatBuilder().withModel(provider).withTools([makeTool({ name: 'ping', execute: () => (pings.push(1), 'pong') })]).build();
    const messages = Messages.fromUser('Ping, then count.');
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { experimentalNativeSteering: true, coalesceMs: 0 } }));
    await run.when((e) => e.type === 'text-delta');
    run.input.next('Then stop.');
    await run.done;

    expect(provider.steered).toHaveLength(1);
    expect(pings).toHaveLength(1);
    expect(provider.continuations).toBe(0); // never used: the input goes out with the results
    expect(provider.requests.map((r) => r.kind)).toEqual(['steerable', 'steerable']);
    expect(provider.requests[1].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    expect(transcript(messages).slice(2)).toEqual(['tool: ping=pong', 'user: Then stop.', 'assistant[completed]: one two three four five six seven eight nine ten']);
  });

  it('falls back to interrupt-and-restart when the provider refuses to steer (a warning says so once)', async () => {
    const provider = new SteerableTestProvider();
    provider.accept = false;
    const messages = Messages.fromUser('Count to ten.');
    const chat = new ChatBuilder().withModel(provider).build();
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { experimentalNativeSteering: true, coalesceMs: 0 } }));
    await run.when((e) => e.type === 'text-delta');
    run.input.next('Stop counting.');
    const events = await run.done;

    expect(provider.steered).toEqual([]);
    expect(provider.requests.map((r) => r.kind)).toEqual(['steerable', 'steerable']);
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(1);
    expect(story(events)).toEqual(['input-accepted', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    expect(transcript(messages).slice(2, 3)).toEqual(['user: Stop counting.']);
  });

  it('without the option, a steerable provider is interrupted and restarted like any other', async () => {
    const provider = new SteerableTestProvider();
    const messages = Messages.fromUser('Count to ten.');
    const run = drive((input) => new ChatBuilder().withModel(provider).build().stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await run.when((e) => e.type === 'text-delta');
    run.input.next('Stop.');
    await run.done;
    expect(provider.requests.map((r) => r.kind)).toEqual(['stream', 'stream']);
    expect(provider.steered).toEqual([]);
  });

  describe('on a provider that cannot steer (the Responses provider over HTTP)', () => {
    let emulator: ProviderEmulator;
    beforeAll(async () => {
      emulator = await ProviderEmulator.start();
    });
    afterAll(async () => {
      await emulator.close();
    });

    it('warns once and interrupts and restarts (the emulator sees the close)', async () => {
      emulator.script([{ text: 'one two three four five six seven eight nine ten', chunkDelayMs: 10 }, { text: 'Stopped.' }]);
      const provider = new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated-model').build();
      const messages = Messages.fromUser('Count to ten.');
      const chat = new ChatBuilder().withModel(provider).build();
      const run = drive((input) => chat.stream(messages, { input, inputHandling: { experimentalNativeSteering: true, coalesceMs: 0 } }));
      await run.when((e) => e.type === 'text-delta');
      run.input.next('Stop.');
      const events = await run.done;
      expect(events.filter((e) => e.type === 'warning')).toEqual([{ type: 'warning', message: expect.stringContaining('cannot steer') }]);
      expect(emulator.requests()[0].closedByClient).toBe(true);
      expect(transcript(messages).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[interrupted]', 'user', 'assistant[completed]']);
    });
  });
});
