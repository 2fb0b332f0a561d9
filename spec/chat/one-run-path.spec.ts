import { lastValueFrom } from 'rxjs';
import { ChatBuilder, toResponse } from '../../lib/chat';
import type { ChatResponse } from '../../lib/chat/chat.types';
import { Messages } from '../../lib/core/messages';
import { MaxStepsExceededError, OutputValidationError } from '../../lib/errors';
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

  it.each(ways)('%s: a gated call pauses the turn; approved, the next call resumes and runs it', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Rome' } }] }, { text: 'Sunny in Rome.' }]);
    const gated = makeTool({ name: 'weather', metadata: { requiresApproval: true }, validate: requireCity, execute: ({ city }) => ({ city, celsius: 25 }) });
    const chat = new ChatBuilder().withModel(provider()).withTools([gated]).build();
    const messages = Messages.fromUser('Weather in Rome?');
    const paused = await run(chat, messages);
    expect(paused.status).toBe('paused');
    expect(paused.pendingToolCalls).toEqual([expect.objectContaining({ id: 'call_1', status: 'pending' })]);
    expect(messages.last()?.status).toBe('paused');
    messages.approve('call_1');
    const reply = await run(chat, messages);
    expect(reply.status).toBe('completed');
    expect(reply.text).toBe('Sunny in Rome.');
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(messages.findToolCall('call_1')?.status).toBe('completed');
  });

  it.each(ways)('%s: maxSteps ends the turn failed, and the turn so far is kept, interrupted', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'never asked' }]);
    const messages = Messages.fromUser('Weather?');
    const failure = await run(new ChatBuilder().withModel(provider()).withTools([weather]).withMaxSteps(1).build(), messages).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MaxStepsExceededError);
    expect(messages.toArray().map((m) => [m.role, m.status])).toEqual([['user', undefined], ['assistant', 'interrupted'], ['tool', undefined]]);
    expect(emulator.requests()).toHaveLength(1);
  });

  it.each(ways)('%s: an unknown tool is an error result the model sees', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'nope', arguments: {} }] }, { text: 'I cannot.' }]);
    const reply = await run(new ChatBuilder().withModel(provider()).withTools([weather]).build(), Messages.fromUser('Hi'));
    expect(reply.toolResults).toEqual([expect.objectContaining({ callId: 'call_1', isError: true, error: expect.objectContaining({ kind: 'unknown-tool' }) })]);
    expect(reply.messages[0].parts[0]).toMatchObject({ status: 'failed' });
    expect(reply.text).toBe('I cannot.');
  });

  it.each(ways)('%s: structured output still invalid after the repairs is an OutputValidationError', async (_name, run) => {
    emulator.script([{ text: '{"city":"Paris"}' }, { text: '{"city":"Paris"}' }]);
    const chat = new ChatBuilder().withModel(provider()).withStructuredOutput(weatherSpec).withRepairAttempts(1).build();
    const failure = await run(chat, Messages.fromUser('Weather?')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OutputValidationError);
    expect(emulator.requests()).toHaveLength(2);
  });
});
