import WebSocket from 'ws';
import type { JsonObject } from '../../../lib/core/json.types';
import { ProviderEmulator } from '../../../lib/testing';
import { waitFor } from '../../support/ws-helpers';

type Event = JsonObject & { type: string };

/** A raw socket to the emulator: every message it received, in order. */
async function open(url: string): Promise<{ ws: WebSocket; events: Event[]; send(m: unknown): void }> {
  const ws = new WebSocket(url);
  const events: Event[] = [];
  ws.on('message', (data) => events.push(JSON.parse(data.toString()) as Event));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return { ws, events, send: (m) => ws.send(JSON.stringify(m)) };
}

const types = (events: readonly Event[]): string[] => events.map((e) => e.type).filter((t) => !t.includes('delta') && !t.includes('content_part') && t !== 'response.in_progress' && t !== 'response.output_text.done');
const responseOf = (e: Event): JsonObject => e.response as JsonObject;
const LONG = 'one two three four five six seven eight nine ten eleven twelve';

/**
 * The emulator's `response.steer` (beta), written from OpenAI's steering guide as read offline:
 * accepted at once, the response in flight ends as `steered`, a successor continues with the input.
 */
describe('emulator: response.steer over the Responses WebSocket', () => {
  let emulator: ProviderEmulator;
  const sockets: WebSocket[] = [];
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(async () => emulator.close());
  beforeEach(() => emulator.reset());
  afterEach(() => sockets.splice(0).forEach((ws) => ws.terminate()));
  const client = async (session: string) => {
    const c = await open(emulator.url('/v1/responses', session).replace('http', 'ws'));
    sockets.push(c.ws);
    return c;
  };
  const startAndSteer = async (session: string, steer: (id: string) => unknown) => {
    const c = await client(session);
    c.send({ type: 'response.create', model: 'm', instructions: 'Count.', input: 'Count to twelve.' });
    await waitFor(() => c.events.filter((e) => e.type === 'response.output_text.delta').length >= 2, 2000, 'two deltas');
    const id = String(responseOf(c.events[0]).id);
    c.send(steer(id));
    return { c, id };
  };

  it('accepts input for the response in flight, ends it as steered, and starts a successor with the input', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 10 }, { text: 'Stopped at three.' }], 'steer');
    const { c, id } = await startAndSteer('steer', (previous) => ({ type: 'response.steer', previous_response_id: previous, input: 'Stop now.' }));
    await waitFor(() => c.events.filter((e) => e.type === 'response.completed').length === 1, 3000, 'the successor');

    expect(types(c.events)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.steer.accepted',
      'response.incomplete',
      'response.created',
      'response.output_item.added',
      'response.output_item.done',
      'response.completed',
    ]);
    const accepted = c.events.find((e) => e.type === 'response.steer.accepted')!;
    expect(accepted.steer).toEqual({ id: expect.stringMatching(/^steer_/), previous_response_id: id });
    const cut = responseOf(c.events.find((e) => e.type === 'response.incomplete')!);
    expect(cut).toMatchObject({ id, status: 'incomplete', incomplete_details: { reason: 'steered' } });
    const partial = ((cut.output as JsonObject[])[0].content as JsonObject[])[0].text as string;
    expect(LONG.startsWith(partial) && partial.length > 0 && partial.length < LONG.length).toBe(true);
    const successor = responseOf(c.events.filter((e) => e.type === 'response.created')[1]);
    expect(successor).toMatchObject({ previous_response_id: id, instructions: 'Count.' });
    expect(responseOf(c.events.at(-1)!).output).toEqual([expect.objectContaining({ content: [expect.objectContaining({ text: 'Stopped at three.' })] })]);

    const [first, auto] = emulator.requests('steer');
    expect(first.automatic).toBeUndefined();
    expect(auto).toMatchObject({ automatic: true, socket: first.socket, steeredInput: [{ role: 'user', content: [{ type: 'input_text', text: 'Stop now.' }] }] });
    expect(auto.body).toMatchObject({ previous_response_id: id, model: 'm', instructions: 'Count.' });
    expect(emulator.webSockets.steers('steer')).toEqual([expect.objectContaining({ outcome: 'accepted' })]);
  });

  it('refuses steering for a model that cannot steer, and for a response not in flight', async () => {
    emulator.webSockets.steering('refuse', 'refuse');
    emulator.script([{ text: LONG, chunkDelayMs: 5 }], 'refuse');
    const { c } = await startAndSteer('refuse', (previous) => ({ type: 'response.steer', previous_response_id: previous, input: 'Stop.' }));
    c.send({ type: 'response.steer', previous_response_id: 'resp_unknown', input: 'Stop.' });
    await waitFor(() => c.events.some((e) => e.type === 'response.completed'), 3000, 'the whole response');
    const failed = c.events.filter((e) => e.type === 'response.steer.failed');
    expect(failed.map((e) => (e.error as JsonObject).code)).toEqual(['steering_not_supported', 'response_not_active']);
    expect(failed[0].steer).toMatchObject({ input: 'Stop.' });
    expect(c.events.some((e) => e.type === 'response.incomplete')).toBe(false);
    expect(emulator.requests('refuse')).toHaveLength(1);
  });

  it('a response ending in function calls is not cut: steer.pending follows, and the input is prepended to the continuation', async () => {
    emulator.script([{ text: LONG, chunkDelayMs: 5, toolCalls: [{ id: 'call_1', name: 'ping', arguments: {} }] }, { text: 'Done.' }], 'calls');
    const { c, id } = await startAndSteer('calls', (previous) => ({ type: 'response.steer', previous_response_id: previous, input: [{ role: 'user', content: 'Also say hi.' }] }));
    await waitFor(() => c.events.some((e) => e.type === 'response.steer.pending'), 3000, 'steer.pending');
    const after = types(c.events).slice(-2);
    expect(after).toEqual(['response.completed', 'response.steer.pending']);
    expect(c.events.at(-1)).toMatchObject({ reason: 'waiting_for_required_input', required_input: [{ type: 'function_call_output', call_id: 'call_1' }] });
    c.send({ type: 'response.create', model: 'm', previous_response_id: id, input: [{ type: 'function_call_output', call_id: 'call_1', output: 'pong' }] });
    await waitFor(() => c.events.filter((e) => e.type === 'response.completed').length === 2, 3000, 'the continuation');
    const continuation = emulator.requests('calls')[1];
    expect(continuation.automatic).toBeUndefined();
    expect(continuation.steeredInput).toEqual([{ role: 'user', content: 'Also say hi.' }]);
  });

  it('fail-after-accept returns the accepted input with response.steer.failed when the response ends; no successor', async () => {
    emulator.webSockets.steering('fail-after-accept', 'late');
    emulator.script([{ text: LONG, chunkDelayMs: 5 }, { text: 'never automatic' }], 'late');
    const { c } = await startAndSteer('late', (previous) => ({ type: 'response.steer', previous_response_id: previous, input: 'Stop.' }));
    await waitFor(() => c.events.some((e) => e.type === 'response.steer.failed'), 3000, 'steer.failed');
    expect(types(c.events)).toContain('response.steer.accepted');
    expect(types(c.events).slice(-2)).toEqual(['response.completed', 'response.steer.failed']);
    const failed = c.events.find((e) => e.type === 'response.steer.failed')!;
    expect(failed.steer).toMatchObject({ id: expect.stringMatching(/^steer_/), input: [{ role: 'user', content: [{ type: 'input_text', text: 'Stop.' }] }] });
    expect(emulator.requests('late')).toHaveLength(1);
    expect(emulator.remaining('late')).toBe(1);
  });
});
