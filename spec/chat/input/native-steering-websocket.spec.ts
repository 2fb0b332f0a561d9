import { ChatBuilder } from '../../../lib/chat';
import type { JsonObject } from '../../../lib/core/json.types';
import { Messages } from '../../../lib/core/messages';
import type { FinishEvent, GenerationInterruptedEvent } from '../../../lib/core/stream-event.types';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { ProviderEmulator } from '../../../lib/testing';
import { WebSocketTransport } from '../../../lib/transport/ws';
import { drive, story, transcript, wireTranscript } from '../../support/input-helpers';
import { makeTool } from '../../support/test-tools';

const LONG = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen';
const steerInput = (text: string) => [{ role: 'user', content: [{ type: 'input_text', text }] }];

/**
 * EXPERIMENTAL native steering end to end: the Responses provider over a WebSocket against the
 * emulator's `response.steer`. The emulator follows OpenAI's steering docs as read offline; the
 * beta protocol cannot be checked against the real API here.
 */
describe('native steering over the Responses WebSocket (emulator)', () => {
  let emulator: ProviderEmulator;
  let transport: WebSocketTransport;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    transport = new WebSocketTransport({ pingIntervalMs: 0, idleTimeoutMs: 2_000 });
  });
  afterEach(() => transport.dispose());

  const chatOn = (session: string, tools = [] as ReturnType<typeof makeTool>[]) =>
    new ChatBuilder()
      .withModel(new ResponsesBuilder().withBaseUrl(emulator.url('/v1', session)).withModel('emulated-model').withTransport(transport).build())
      .withTools(tools)
      .build();
  const steering = { experimentalNativeSteering: true, coalesceMs: 0 } as const;

  it('input mid-text steers the response: no cut, no new request; the server successor answers; the next turn chains from it', async () => {
    const session = 'steer-text';
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'Stopped at four.' }, { text: 'Sixteen.' }], session);
    const chat = chatOn(session);
    const messages = Messages.fromUser('Count to fifteen.');
    const run = drive((input) => chat.stream(messages, { input, inputHandling: steering }));
    await run.when((e, i) => e.type === 'text-delta' && i >= 2);
    run.input.next('Stop counting.');
    const events = await run.done;

    expect(story(events)).toEqual(['input-accepted', 'step-finish', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect((events.at(-1) as FinishEvent<string>).output).toBe('Stopped at four.');
    const partial = (events.find((e) => e.type === 'generation-interrupted') as GenerationInterruptedEvent).partialText;
    expect(LONG.startsWith(partial.trim()) && partial.length > 0 && partial.trim().length < LONG.length).toBe(true);

    const steered = messages.toArray()[1];
    expect(emulator.webSockets.steers(session)).toEqual([
      { socket: expect.any(Number), outcome: 'accepted', message: { type: 'response.steer', previous_response_id: steered.metadata?.id, input: steerInput('Stop counting.') } },
    ]);
    const [first, successor] = emulator.requests(session);
    expect(first.closedByClient).toBe(false);
    expect(successor).toMatchObject({ automatic: true, socket: first.socket, steeredInput: steerInput('Stop counting.') });
    expect(transcript(messages)).toEqual(['user: Count to fifteen.', `assistant[interrupted]: ${partial}`, 'user: Stop counting.', 'assistant[completed]: Stopped at four.']);
    expect(steered.finishReason).toMatchObject({ raw: 'steered' });

    messages.user('And then?');
    await expect(chat.complete(messages)).resolves.toMatchObject({ text: 'Sixteen.' });
    const next = emulator.requests(session)[2];
    expect(next.socket).toBe(first.socket);
    expect((next.body as JsonObject).previous_response_id).toBe(messages.toArray()[3].metadata?.id);
    expect(wireTranscript(next.body)).toEqual(['user: And then?']);
    expect(transport.openSockets).toBe(1);
  });

  it('a steered response ending in tool calls: the tool runs, the server holds the input (steer.pending), it is not sent twice', async () => {
    const session = 'steer-tools';
    emulator.script([{ text: LONG, chunkDelayMs: 10, toolCalls: [{ id: 'call_1', name: 'ping', arguments: {} }] }, { text: 'Pinged, and stopping.' }], session);
    let pings = 0;
    const chat = chatOn(session, [makeTool({ name: 'ping', execute: () => (pings++, 'pong') })]);
    const messages = Messages.fromUser('Count, then ping.');
    const run = drive((input) => chat.stream(messages, { input, inputHandling: steering }));
    await run.when((e, i) => e.type === 'text-delta' && i >= 2);
    run.input.next('Then stop.');
    await run.done;

    expect(pings).toBe(1);
    expect(emulator.webSockets.steers(session).map((s) => s.outcome)).toEqual(['accepted']);
    const requests = emulator.requests(session);
    expect(requests).toHaveLength(2);
    const [first, continuation] = requests;
    expect(continuation.socket).toBe(first.socket);
    expect(continuation.automatic).toBeUndefined();
    expect((continuation.body as JsonObject).previous_response_id).toBe(messages.toArray()[1].metadata?.id);
    expect(wireTranscript(continuation.body)).toEqual(['result call_1: pong']); // the server prepends the input it holds
    expect(continuation.steeredInput).toEqual(steerInput('Then stop.'));
    expect(transcript(messages)).toEqual(['user: Count, then ping.', `assistant[completed]: ${LONG}<call ping completed>`, 'tool: ping=pong', 'user: Then stop.', 'assistant[completed]: Pinged, and stopping.']);
  });

  it('input the server accepts but gives back (steer.failed after acceptance) is sent as an explicit continuation on the socket', async () => {
    const session = 'steer-late';
    emulator.webSockets.steering('fail-after-accept', session);
    emulator.script([{ text: LONG, chunkDelayMs: 5 }, { text: 'Explicitly continued.' }], session);
    const messages = Messages.fromUser('Count.');
    const run = drive((input) => chatOn(session).stream(messages, { input, inputHandling: steering }));
    await run.when((e, i) => e.type === 'text-delta' && i >= 2);
    run.input.next('Stop.');
    const events = await run.done;

    expect((events.at(-1) as FinishEvent<string>).output).toBe('Explicitly continued.');
    const [first, explicit] = emulator.requests(session);
    expect(explicit.automatic).toBeUndefined();
    expect(explicit.socket).toBe(first.socket);
    expect(explicit.body).toMatchObject({ type: 'response.create', previous_response_id: messages.toArray()[1].metadata?.id, input: steerInput('Stop.'), model: 'emulated-model' });
    expect(transcript(messages)).toEqual(['user: Count.', `assistant[completed]: ${LONG}`, 'user: Stop.', 'assistant[completed]: Explicitly continued.']);
  });

  it('falls back to interrupt-and-restart when the server refuses to steer (the cut closes the socket)', async () => {
    const session = 'steer-refused';
    emulator.webSockets.steering('refuse', session);
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'Restarted.' }], session);
    const messages = Messages.fromUser('Count.');
    const closed = emulator.waitForClientClose();
    const run = drive((input) => chatOn(session).stream(messages, { input, inputHandling: steering }));
    await run.when((e, i) => e.type === 'text-delta' && i >= 2);
    run.input.next('Stop.');
    await closed;
    const events = await run.done;

    expect(events.filter((e) => e.type === 'warning')).toEqual([{ type: 'warning', message: expect.stringContaining('refused to steer') }]);
    expect(story(events)).toEqual(['input-accepted', 'generation-interrupted', 'generation-restarted', 'step-finish', 'finish']);
    const [cut, restart] = emulator.requests(session);
    expect(cut.closedByClient).toBe(true);
    expect(emulator.webSockets.steers(session).map((s) => s.outcome)).toEqual(['failed']);
    expect(wireTranscript(restart.body).slice(-1)).toEqual(['user: Stop.']);
    expect(transcript(messages).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[interrupted]', 'user', 'assistant[completed]']);
  });

  it('the continuation can be steered again; unsubscribing during a continuation closes its socket', async () => {
    const session = 'steer-twice';
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: LONG, chunkDelayMs: 10 }, { text: 'Done twice.' }, { text: LONG, chunkDelayMs: 10 }, { text: LONG, chunkDelayMs: 10 }], session);
    const messages = Messages.fromUser('Count.');
    const chat = chatOn(session);
    const run = drive((input) => chat.stream(messages, { input, inputHandling: steering }));
    await run.when((e, i) => e.type === 'text-delta' && i >= 2);
    run.input.next('Slower.');
    const restarted = await run.when((e) => e.type === 'generation-restarted');
    await run.when((e, i) => e.type === 'text-delta' && i > run.events.indexOf(restarted) + 2);
    run.input.next('Stop.');
    const events = await run.done;
    expect((events.at(-1) as FinishEvent<string>).output).toBe('Done twice.');
    expect(emulator.webSockets.steers(session).map((s) => s.outcome)).toEqual(['accepted', 'accepted']);
    const requests = emulator.requests(session);
    expect(requests.map((r) => r.automatic ?? false)).toEqual([false, true, true]);
    expect(new Set(requests.map((r) => r.socket)).size).toBe(1);
    expect(transcript(messages).map((l) => l.split(':')[0])).toEqual(['user', 'assistant[interrupted]', 'user', 'assistant[interrupted]', 'user', 'assistant[completed]']);

    // a new turn steered, then abandoned while its continuation streams: the socket is closed
    messages.user('Count again.');
    const closed = emulator.waitForClientClose();
    const next = drive((input) => chat.stream(messages, { input, inputHandling: steering }));
    await next.when((e, i) => e.type === 'text-delta' && i >= 2);
    next.input.next('Quicker.');
    const again = await next.when((e) => e.type === 'generation-restarted');
    await next.when((e, i) => e.type === 'text-delta' && i > next.events.indexOf(again) + 1);
    next.unsubscribe();
    await closed;
    const successor = emulator.requests(session).at(-1)!;
    expect(successor).toMatchObject({ automatic: true, closedByClient: true, completed: false });
    expect(messages.last()?.status).toBe('interrupted');
  });
});
