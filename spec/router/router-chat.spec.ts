import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import type { StreamEvent } from '../../lib/core/stream-event.types';
import { fixedDelay } from '../../lib/retry';
import { RouterBuilder } from '../../lib/router';
import { ProviderEmulator } from '../../lib/testing';
import { approvalTools, SECRET } from '../support/approval.fixtures';
import { requestCounts, responsesAt } from '../support/emulated-providers';
import { makeTool, requireCity, weatherSpec } from '../support/test-tools';

/** `new ChatBuilder().withModel(router)`: tools, structured output, streaming and HITL work as with one provider. */
describe('a router as the chat model', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const router = () =>
    new RouterBuilder()
      .addProvider(responsesAt(emulator, 'a'), { name: 'a' })
      .addProvider(responsesAt(emulator, 'b'), { name: 'b' })
      .withStreamFallback('restart')
      .build();

  it('a tool loop whose step 2 falls back continues on the next provider without running the tool again', async () => {
    let runs = 0;
    const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => (runs++, { city, celsius: 21 }) });
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { error: { status: 503 } }], 'a');
    emulator.script([{ text: '21 degrees in Paris.' }], 'b');
    const messages = Messages.fromUser('Weather in Paris?');
    const reply = await new ChatBuilder().withModel(router()).withTools([weather]).build().complete(messages);
    expect(reply.text).toBe('21 degrees in Paris.');
    expect(runs).toBe(1);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 2, b: 1 });
    // b receives the whole turn so far: the call a made and its result
    const sent = JSON.stringify(emulator.requests('b')[0].body);
    expect(sent).toContain('"call_id":"call_1"');
    expect(sent).toContain('{\\"city\\":\\"Paris\\",\\"celsius\\":21}');
    expect(messages.toArray().map((m) => `${m.role}:${m.metadata?.model ?? ''}`)).toEqual(['user:', 'assistant:model-a', 'tool:', 'assistant:model-b']);
  });

  it('structured output is validated the same way, whichever provider answered', async () => {
    emulator.script([{ error: { status: 500 } }], 'a').script([{ json: { city: 'Rome', celsius: 25 } }], 'b');
    const chat = new ChatBuilder().withModel(router()).withStructuredOutput(weatherSpec).build();
    const reply = await chat.complete('Weather in Rome as JSON');
    expect(reply.output).toEqual({ city: 'Rome', celsius: 25 });
    expect((emulator.requests('b')[0].body as { text?: { format?: { type?: string } } }).text?.format?.type).toBe('json_schema');
  });

  it('human in the loop: a paused turn resumes on another provider after the approval', async () => {
    const tools = approvalTools();
    emulator.script([{ toolCalls: [{ id: 't1', name: 'transfer', arguments: { amount: 50 } }] }, { error: { status: 529 } }], 'a');
    emulator.script([{ text: 'Transferred.' }], 'b');
    const chat = new ChatBuilder().withModel(router()).withTools(tools.list).withApprovalSecret(SECRET).build();
    const messages = Messages.fromUser('Pay 50');
    const paused = await chat.complete(messages);
    expect(paused.status).toBe('paused');
    expect(tools.runs).toEqual([]);
    const saved = JSON.stringify(messages);
    const restored = Messages.fromJSON(saved);
    restored.approve('t1');
    const done = await chat.complete(restored);
    expect(done.status).toBe('completed');
    expect(done.text).toBe('Transferred.');
    expect(tools.runs).toEqual([{ amount: 50 }]);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 2, b: 1 });
  });

  it('streaming with tools: a fallback before the first event is invisible, the loop goes on', async () => {
    const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: 18 }) });
    emulator.script([{ toolCalls: [{ id: 'call_9', name: 'weather', arguments: { city: 'Oslo' } }] }, { fault: 'reset-before' }], 'a');
    emulator.script([{ text: 'Cool in Oslo.' }], 'b');
    const events: StreamEvent[] = await lastValueFrom(new ChatBuilder().withModel(router()).withTools([weather]).build().stream('Weather in Oslo?').pipe(toArray()));
    expect(events.map((e) => e.type)).not.toContain('provider-fallback');
    expect(events.filter((e) => e.type === 'tool-result')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'finish', status: 'completed', output: 'Cool in Oslo.' });
  });

  it('retry wraps the router: when every provider fails, the whole plan is tried again as one model request', async () => {
    emulator.script([{ error: { status: 500 } }, { text: 'a recovered' }], 'a').script([{ error: { status: 502 } }], 'b');
    const chat = new ChatBuilder().withModel(router()).withRetry(fixedDelay(0, 2)).build();
    expect((await chat.complete('hi')).text).toBe('a recovered');
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 2, b: 1 });
  });
});
