import { lastValueFrom, Subject } from 'rxjs';
import { ChatBuilder, toResponse, type FinishInfo } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import { MaxStepsExceededError, OutputValidationError } from '../../lib/errors';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { ProviderEmulator } from '../../lib/testing';
import { VirtualClock } from '../../lib/testing/virtual.clock';
import { runWays as ways } from '../support/one-run-path.ways';
import { makeTool, requireCity, weatherSpec } from '../support/test-tools';

/**
 * complete() and stream() run one turn implementation: every engine feature of the turn itself
 * (tool loop, approvals, tool errors, repair, limits, hooks) gives the same answer through both,
 * over the emulator's real sockets. The seams around the turn (retries, router, observers, budgets,
 * warnings, abort) are in one-run-path.seams.spec.ts.
 */
describe('one run path: complete() and stream().pipe(toResponse()) agree', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const provider = () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').build();
  const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: 21 }) });
  const sentBody = (i: number) => emulator.requests()[i].body as Record<string, unknown>;

  it.each(ways)('%s: the tool loop', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'It is 21 degrees in Paris.' }]);
    const messages = Messages.fromUser('Weather in Paris?');
    const reply = await run(new ChatBuilder().withModel(provider()).withTools([weather]).build(), messages);
    expect(reply.text).toBe('It is 21 degrees in Paris.');
    expect(reply.toolResults).toHaveLength(1);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it.each(ways)('%s: parallel tool calls of one answer run at once; results as they finish, all sent back', async (_name, run) => {
    let running = 0;
    let most = 0;
    const finished: string[] = [];
    const slow = makeTool({
      name: 'weather',
      validate: requireCity,
      execute: async ({ city }) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, city === 'Paris' ? 40 : 5));
        running--;
        finished.push(city);
        return { city };
      },
    });
    emulator.script([
      { toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }, { id: 'call_2', name: 'weather', arguments: { city: 'Rome' } }] },
      { text: 'Both done.' },
    ]);
    const reply = await run(new ChatBuilder().withModel(provider()).withTools([slow]).build(), Messages.fromUser('Paris and Rome?'));
    expect(most).toBe(2);
    expect(finished).toEqual(['Rome', 'Paris']);
    expect(reply.toolResults.map((r) => r.callId)).toEqual(['call_2', 'call_1']);
    const sentBack = (sentBody(1).messages as { role: string; tool_call_id?: string }[]).filter((m) => m.role === 'tool').map((m) => m.tool_call_id);
    expect([...sentBack].sort()).toEqual(['call_1', 'call_2']);
    expect(reply.text).toBe('Both done.');
  });

  it.each(ways)('%s: a tool error is told to the model as the policy says (exposeToolErrors: false, then a formatter)', async (_name, run) => {
    const failing = makeTool({ name: 'weather', execute: () => Promise.reject(new Error('db password is hunter2')) });
    const script = () => emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: {} }] }, { text: 'Sorry.' }]);
    script();
    const hidden = await run(new ChatBuilder().withModel(provider()).withTools([failing]).withToolErrors({ exposeToolErrors: false }).build(), 'Weather?');
    expect(hidden.toolResults[0]).toMatchObject({ isError: true, content: 'Tool "weather" failed. Its error is not shown.' });
    expect(JSON.stringify(sentBody(1))).not.toContain('hunter2');
    script();
    const formatted = await run(new ChatBuilder().withModel(provider()).withTools([failing]).withToolErrors({ formatToolError: (_e, call) => `${call.name} is down` }).build(), 'Weather?');
    expect(formatted.toolResults[0]).toMatchObject({ isError: true, content: 'weather is down' });
    expect(JSON.stringify(sentBody(3))).toContain('weather is down');
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

  const gatedRuns = (ran: string[]) =>
    makeTool({ name: 'weather', metadata: { requiresApproval: true }, validate: requireCity, execute: ({ city }) => (ran.push(city), { city, celsius: 25 }) });

  it.each(ways)('%s: a rejected call never runs; the model is told the reason', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Rome' } }] }, { text: 'As you wish.' }]);
    const ran: string[] = [];
    const chat = new ChatBuilder().withModel(provider()).withTools([gatedRuns(ran)]).build();
    const messages = Messages.fromUser('Weather in Rome?');
    expect((await run(chat, messages)).status).toBe('paused');
    messages.reject('call_1', 'not today');
    const reply = await run(chat, messages);
    expect(ran).toEqual([]);
    expect(reply.text).toBe('As you wish.');
    expect(messages.findToolCall('call_1')?.status).toBe('rejected');
    expect(JSON.stringify(sentBody(1))).toContain('not today');
  });

  it.each(ways)('%s: an approval with edited arguments runs the call with them', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Rome' } }] }, { text: 'Milan it is.' }]);
    const ran: string[] = [];
    const chat = new ChatBuilder().withModel(provider()).withTools([gatedRuns(ran)]).build();
    const messages = Messages.fromUser('Weather in Rome?');
    await run(chat, messages);
    messages.approve('call_1', { arguments: { city: 'Milan' } });
    const reply = await run(chat, messages);
    expect(ran).toEqual(['Milan']);
    expect(reply.toolResults).toEqual([expect.objectContaining({ callId: 'call_1', content: '{"city":"Milan","celsius":25}' })]);
    expect(JSON.stringify(sentBody(1))).toContain('Milan');
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

  it.each(ways)('%s: usage is summed over the steps of a tool loop', async (_name, run) => {
    emulator.script([
      { toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }], usage: { input: 10, output: 2 } },
      { text: 'Done.', usage: { input: 20, output: 3 } },
    ]);
    const reply = await run(new ChatBuilder().withModel(provider()).withTools([weather]).build(), 'Weather?');
    expect(reply.usage).toMatchObject({ inputTokens: 30, outputTokens: 5, totalTokens: 35 });
  });

  it.each(ways)('%s: per-call options (generation options, tool choice, context for tools) reach the wire and the tools', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'Done.' }]);
    const seen: unknown[] = [];
    const tool = makeTool({ name: 'weather', execute: (_args, ctx) => (seen.push(ctx.context), 'ok') });
    const chat = new ChatBuilder().withModel(provider()).withTools([tool]).withOptions({ temperature: 0.1 }).build();
    await run(chat, 'Weather?', { options: { temperature: 0.7, maxTokens: 77 }, toolChoice: 'required', context: { tenant: 'acme' } });
    const [first, second] = [sentBody(0), sentBody(1)];
    expect(first).toMatchObject({ temperature: 0.7, tool_choice: 'required' });
    expect(first.max_tokens ?? first.max_completion_tokens).toBe(77);
    expect(second.tool_choice).not.toBe('required'); // `required` applies to the first request only
    expect(seen).toEqual([{ tenant: 'acme' }]);
  });

  it.each(ways)('%s: onFinish (chat-wide and per call) sees the same end of the call', async (_name, run) => {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }], usage: { input: 4, output: 1 } }, { text: 'Done.', usage: { input: 6, output: 1 } }]);
    const ends: FinishInfo[] = [];
    const chat = new ChatBuilder().withModel(provider()).withTools([weather]).onFinish((info) => void ends.push(info)).build();
    const reply = await run(chat, 'Weather?', { onFinish: (info) => void ends.push(info) });
    expect(ends).toHaveLength(2);
    for (const end of ends) {
      expect(end).toMatchObject({ status: 'completed', usage: expect.objectContaining({ totalTokens: 12 }), finishReason: expect.objectContaining({ unified: 'stop' }) });
      expect(end.messages.map((m) => m.role)).toEqual(reply.messages.map((m) => m.role));
    }
  });

  it.each(ways)('%s: onFinish on a failed call says interrupted, with the error', async (_name, run) => {
    emulator.script([{ error: { status: 400 } }]);
    const ends: FinishInfo[] = [];
    const failure = await run(new ChatBuilder().withModel(provider()).withRetry(false).build(), 'Hi', { onFinish: (info) => void ends.push(info) }).catch((e: unknown) => e);
    expect(ends).toEqual([expect.objectContaining({ status: 'interrupted', error: failure })]);
  });

  it('stream() with input streaming on but no input sent runs the same turn as complete()', async () => {
    const complete = ways[0][1];
    const script = () => emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'Done.' }]);
    const chat = new ChatBuilder().withModel(provider()).withTools([weather]).build();
    script();
    const direct = Messages.fromUser('Weather?');
    await complete(chat, direct);
    const sentDirect = emulator.requests().map((r) => (r.body as { messages: unknown }).messages);
    emulator.reset();
    script();
    const input = new Subject<string>();
    const streamed = Messages.fromUser('Weather?');
    const reply = await lastValueFrom(chat.stream(streamed, { input }).pipe(toResponse()));
    input.complete();
    expect(reply.text).toBe('Done.');
    expect(emulator.requests().map((r) => (r.body as { messages: unknown }).messages)).toEqual(sentDirect);
    expect(streamed.toArray().map((m) => [m.role, m.status])).toEqual(direct.toArray().map((m) => [m.role, m.status]));
  });
});
