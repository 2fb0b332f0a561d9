import { lastValueFrom } from 'rxjs';
import { ChatBuilder, toResponse } from '../../lib/chat';
import type { ChatResponse } from '../../lib/chat/chat.types';
import { Messages } from '../../lib/core/messages';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { ProviderEmulator } from '../../lib/testing';
import { VirtualClock } from '../../lib/testing/virtual.clock';
import { makeTool, requireCity, weatherSpec } from '../support/test-tools';

/**
 * complete() and stream() run one turn implementation (there is no separate complete() path):
 * every engine feature gives the same answer through both, over the emulator's real sockets.
 */
describe('one run path: complete() and stream().pipe(toResponse()) agree', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const provider = () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').build();
  const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: 21 }) });
  const ways: ReadonlyArray<readonly [string, <T>(run: { complete(m: Messages): Promise<ChatResponse<T>>; stream(m: Messages): import('rxjs').Observable<import('../../lib/core/stream-event.types').StreamEvent<T>> }, m: Messages) => Promise<ChatResponse<T>>]> = [
    ['complete()', (chat, m) => chat.complete(m)],
    ['stream()', (chat, m) => lastValueFrom(chat.stream(m).pipe(toResponse()))],
  ];

  it.each(ways)('%s: the tool loop', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'It is 21 degrees in Paris.' }]);
    const messages = Messages.fromUser('Weather in Paris?');
    const reply = await run(new ChatBuilder().withModel(provider()).withTools([weather]).build(), messages);
    expect(reply.text).toBe('It is 21 degrees in Paris.');
    expect(reply.toolResults).toHaveLength(1);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it.each(ways)('%s: structured output repaired after an invalid answer', async (_name, run) => {
    emulator.script([{ text: '{"city":"Paris"}' }, { text: '{"city":"Paris","celsius":21}' }]);
    const reply = await run(new ChatBuilder().withModel(provider()).withStructuredOutput(weatherSpec).build(), Messages.fromUser('Weather?'));
    expect(reply.output).toEqual({ city: 'Paris', celsius: 21 });
    expect(emulator.requests()).toHaveLength(2);
  });

  it.each(ways)('%s: the default retry policy repeats a rate-limited request', async (_name, run) => {
    emulator.script([{ error: { status: 429, retryAfter: 1 } }, { text: 'after the wait' }]);
    const clock = new VirtualClock();
    const pending = run(new ChatBuilder().withModel(provider()).withClock(clock).build(), Messages.fromUser('Hi'));
    while (emulator.requests().length < 1 || clock.pendingTimers === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    await clock.advanceAsync(1_000);
    const reply = await pending;
    expect(reply.text).toBe('after the wait');
    expect(emulator.requests()).toHaveLength(2);
  });
});
