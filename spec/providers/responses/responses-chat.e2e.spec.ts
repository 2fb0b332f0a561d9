import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../../lib/chat';
import type { JsonObject } from '../../../lib/core/json.types';
import { Messages } from '../../../lib/core/messages';
import type { StreamEvent } from '../../../lib/core/stream-event.types';
import { AuthenticationError, ContextLengthExceededError, QuotaExceededError, RateLimitError, ServerError } from '../../../lib/errors';
import { OpenAIBuilder, type OpenAIProvider } from '../../../lib/providers/openai';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { rejection } from '../../support/responses-helpers';
import { makeTool, requireCity, weatherSpec } from '../../support/test-tools';

const KEY = 'sk-proj-e2e-secret-0123456789abcdef';
let sessions = 0;
const newSession = (): string => `openai-e2e-${++sessions}`;

/** The engine over the OpenAI provider (Responses API) and real sockets: the emulator speaking the Responses wire. */
describe('ChatBuilder over OpenAI (emulated Responses API)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  const openai = (session: string, model = 'gpt-5-mini'): OpenAIProvider => new OpenAIBuilder().withModel(model).withApiKey(KEY).withCustomUrl(emulator.url('/v1', session)).build();
  const runs: string[] = [];
  const weather = makeTool({
    name: 'weather',
    validate: requireCity,
    execute: ({ city }: { city: string }) => {
      runs.push(city);
      return { city, celsius: city.length * 3 };
    },
  });
  const transfer = makeTool({ name: 'transfer', metadata: { requiresApproval: true }, execute: ({ amount }: { amount: number }) => `sent ${amount}` });
  beforeEach(() => runs.splice(0));

  const body = (session: string, index: number): JsonObject => emulator.requests(session)[index].body as JsonObject;
  const input = (session: string, index: number): JsonObject[] => body(session, index).input as JsonObject[];
  const ofType = (items: JsonObject[], type: string): JsonObject[] => items.filter((i) => i.type === type);

  it('completes a plain turn: text, usage, the model and the bearer key on the wire', async () => {
    const s = newSession();
    emulator.script([{ text: 'Hello from the Responses API.', usage: { input: 9, output: 6 } }], s);
    const reply = await new ChatBuilder().withModel(openai(s)).withSystemPrompt('Be brief.').build().complete('Hi');
    expect(reply.text).toBe('Hello from the Responses API.');
    expect(reply.usage).toMatchObject({ inputTokens: 9, outputTokens: 6 });
    const request = emulator.requests(s)[0];
    expect(request.path).toBe('/v1/responses');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(body(s, 0)).toMatchObject({ model: 'gpt-5-mini', instructions: 'Be brief.' });
  });

  it('streams text deltas, reasoning deltas and one finish', async () => {
    const s = newSession();
    emulator.script([{ reasoning: 'Short greeting.', text: 'Hi there, friend.' }], s);
    const events: StreamEvent[] = await lastValueFrom(new ChatBuilder().withModel(openai(s)).build().stream('Hi').pipe(toArray()));
    expect(events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('')).toBe('Hi there, friend.');
    expect(events.map((e) => (e.type === 'reasoning-delta' ? e.delta : '')).join('')).toBe('Short greeting.');
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'finish', status: 'completed' });
    expect(emulator.requests(s)[0].stream).toBe(true);
  });

  it('runs the tool loop: function_call, the tool, function_call_output on the wire, then the answer', async () => {
    const s = newSession();
    emulator.script([{ toolCalls: [{ id: 'call_w1', name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'It is 15 degrees in Paris.' }], s);
    const messages = Messages.fromUser('Weather in Paris?');
    const reply = await new ChatBuilder().withModel(openai(s)).withTools([weather]).build().complete(messages);
    expect(reply.text).toBe('It is 15 degrees in Paris.');
    expect(runs).toEqual(['Paris']);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect((body(s, 0).tools as JsonObject[])[0]).toMatchObject({ type: 'function', name: 'weather' });
    expect(ofType(input(s, 1), 'function_call')).toEqual([expect.objectContaining({ call_id: 'call_w1', name: 'weather', arguments: '{"city":"Paris"}' })]);
    expect(ofType(input(s, 1), 'function_call_output')).toEqual([{ type: 'function_call_output', call_id: 'call_w1', output: '{"city":"Paris","celsius":15}' }]);
  });

  it.each(['complete', 'stream'] as const)('runs parallel calls (%s) and sends both outputs back', async (mode) => {
    const s = newSession();
    emulator.script(
      [{ toolCalls: [{ id: 'call_a', name: 'weather', arguments: { city: 'Oslo' } }, { id: 'call_b', name: 'weather', arguments: { city: 'Rome' } }] }, { text: 'Oslo 12, Rome 12.' }],
      s,
    );
    const chat = new ChatBuilder().withModel(openai(s)).withTools([weather]).build();
    if (mode === 'complete') {
      expect((await chat.complete('Oslo and Rome?')).text).toBe('Oslo 12, Rome 12.');
    } else {
      const events: StreamEvent[] = await lastValueFrom(chat.stream('Oslo and Rome?').pipe(toArray()));
      expect(events.filter((e) => e.type === 'tool-call-end')).toHaveLength(2);
      expect(events.filter((e) => e.type === 'tool-result')).toHaveLength(2);
      expect(events.at(-1)).toMatchObject({ type: 'finish', output: 'Oslo 12, Rome 12.' });
    }
    expect(runs.sort()).toEqual(['Oslo', 'Rome']);
    expect(ofType(input(s, 1), 'function_call_output').map((i) => i.call_id)).toEqual(['call_a', 'call_b']);
  });

  it('returns validated structured output (json_schema), repairing an invalid first answer', async () => {
    const s = newSession();
    emulator.script([{ json: { city: 'Paris' } }, { json: { city: 'Paris', celsius: 18 } }], s);
    const reply = await new ChatBuilder().withModel(openai(s)).withStructuredOutput(weatherSpec).build().complete('Weather?');
    expect(reply.output).toEqual({ city: 'Paris', celsius: 18 });
    expect(emulator.requests(s)).toHaveLength(2);
    expect((body(s, 0).text as { format: JsonObject }).format).toMatchObject({ type: 'json_schema', name: 'Weather', strict: true });
    expect(JSON.stringify(input(s, 1))).toContain('celsius');
  });

  it('pauses on a gated tool, survives a JSON round trip, and sends the approved (edited) call on resume', async () => {
    const s = newSession();
    emulator.script([{ toolCalls: [{ id: 'call_pay', name: 'transfer', arguments: { amount: 50 } }] }, { text: 'Sent 20.' }], s);
    const chat = new ChatBuilder().withModel(openai(s)).withTools([transfer]).build();
    const messages = Messages.fromUser('Pay Bob 50');
    const paused = await chat.complete(messages);
    expect(paused.status).toBe('paused');
    expect(paused.pendingToolCalls.map((c) => c.id)).toEqual(['call_pay']);
    expect(emulator.requests(s)).toHaveLength(1);
    const restored = Messages.fromJSON(JSON.stringify(messages));
    restored.approve('call_pay', { arguments: { amount: 20 } });
    const done = await chat.complete(restored);
    expect(done.text).toBe('Sent 20.');
    expect(ofType(input(s, 1), 'function_call_output')).toEqual([{ type: 'function_call_output', call_id: 'call_pay', output: 'sent 20' }]);
  });

  it('sends a rejection as the call’s output, and the tool never runs', async () => {
    const s = newSession();
    let ran = false;
    const gated = makeTool({ name: 'transfer', metadata: { requiresApproval: true }, execute: () => ((ran = true), 'sent') });
    emulator.script([{ toolCalls: [{ id: 'call_no', name: 'transfer', arguments: { amount: 9000 } }] }, { text: 'Understood, not sent.' }], s);
    const chat = new ChatBuilder().withModel(openai(s)).withTools([gated]).build();
    const messages = Messages.fromUser('Pay 9000');
    const paused = await chat.complete(messages);
    messages.reject(paused.pendingToolCalls[0].id, 'Too much money');
    expect((await chat.complete(messages)).text).toBe('Understood, not sent.');
    expect(ran).toBe(false);
    const [output] = ofType(input(s, 1), 'function_call_output');
    expect(output.call_id).toBe('call_no');
    expect(String(output.output)).toContain('Too much money');
  });

  it('sends images from the conversation as input_image', async () => {
    const s = newSession();
    emulator.script([{ text: 'A cat.' }], s);
    const messages = new Messages().user([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { kind: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
    expect((await new ChatBuilder().withModel(openai(s)).build().complete(messages)).text).toBe('A cat.');
    const content = (input(s, 0)[0].content as JsonObject[]).map((c) => (c.type === 'input_image' ? { type: c.type, image_url: c.image_url } : { type: c.type, text: c.text }));
    expect(content).toEqual([
      { type: 'input_text', text: 'What is this?' },
      { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'input_image', image_url: 'https://example.com/cat.jpg' },
    ]);
  });

  describe('errors, whole and streamed', () => {
    it.each([
      ['401', { status: 401 }, AuthenticationError, false],
      ['quota', { status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' }, QuotaExceededError, false],
      ['429 with Retry-After', { status: 429, retryAfter: 7 }, RateLimitError, true],
      ['500', { status: 500 }, ServerError, true],
      ['context length', { status: 400, code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' }, ContextLengthExceededError, false],
    ] as const)('%s', async (_label, error, type, retryable) => {
      const s = newSession();
      emulator.script([{ error }, { error }], s);
      const chat = new ChatBuilder().withModel(openai(s)).withRetry(false).build();
      const whole = await rejection(chat.complete('hi'));
      const streamed = await rejection(lastValueFrom(chat.stream('hi').pipe(toArray())));
      for (const failure of [whole, streamed]) {
        expect(failure).toBeInstanceOf(type);
        expect(failure).toMatchObject({ provider: 'openai', status: error.status, isRetryable: retryable });
        expect(String((failure as Error).message)).not.toContain(KEY);
        if (type === RateLimitError) expect((failure as RateLimitError).retryAfterSeconds).toBe(7);
      }
      expect(emulator.requests(s)).toHaveLength(2);
    });
  });
});
