import { ChatBuilder } from '../../../lib/chat';
import { Messages } from '../../../lib/core/messages';
import type { FinishEvent } from '../../../lib/core/stream-event.types';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing';
import { drive, story, transcript } from '../../support/input-helpers';
import { weatherSpec, type Weather } from '../../support/test-tools';

/** Structured output streams restart cleanly: partial objects start over, the final one is validated. */
describe('input streaming: structured output', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('the cut JSON stays as interrupted text; the restarted answer is parsed and validated', async () => {
    emulator.script([
      { json: { city: 'Paris', celsius: 21, note: 'a long note that takes a while to stream word by word' }, chunkSize: 6, chunkDelayMs: 10 },
      { json: { city: 'Rome', celsius: 25 } },
    ]);
    const provider = new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('emulated-model').build();
    const chat = new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).build();
    const messages = Messages.fromUser('Weather in Paris as JSON.');
    const run = drive((input) => chat.stream(messages, { input, inputHandling: { coalesceMs: 0 } }));
    await run.when((e) => e.type === 'partial-output' && (e.partial as { city?: string } | null)?.city === 'Paris');
    run.input.next('Rome instead.');
    const events = await run.done;

    const finish = events[events.length - 1] as FinishEvent<Weather>;
    expect(finish.status).toBe('completed');
    expect(finish.output).toEqual({ city: 'Rome', celsius: 25 });
    const partials = events.filter((e) => e.type === 'partial-output').map((e) => (e as { partial: unknown }).partial);
    expect(partials).toContainEqual(expect.objectContaining({ city: 'Paris' }));
    expect(partials[partials.length - 1]).toEqual({ city: 'Rome', celsius: 25 });
    expect(story(events).filter((t) => t !== 'partial-output')).toEqual(['input-accepted', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    expect(transcript(messages)[1]).toMatch(/^assistant\[interrupted\]: \{"city":"Paris"/);
    expect(transcript(messages)[2]).toBe('user: Rome instead.');
  });
});
