import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, type AfterResponseInfo } from '../../lib/chat';
import type { ProviderRequest } from '../../lib/core/provider.types';
import { CallbackError, ServerError } from '../../lib/errors';
import { fixedDelay } from '../../lib/retry';
import { ProviderEmulator } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';
import { makeTool } from '../support/test-tools';

/** Before/after hooks around each attempt of each model request, over the emulator. */
describe('request hooks', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const base = () => new ChatBuilder().withModel(responsesAt(emulator, 'default'));
  const withNote = (request: ProviderRequest, note: string): ProviderRequest => ({
    ...request,
    headers: { ...request.headers, 'x-note': note },
    options: { ...request.options, temperature: 0.25 },
  });

  it('a before hook may change the request: what it returns is what goes on the wire', async () => {
    emulator.script([{ text: 'ok' }]);
    const chat = base()
      .beforeRequest((request) => withNote(request, 'first'))
      .beforeRequest(async (request) => {
        await new Promise((r) => setTimeout(r, 1));
        return { ...request, headers: { ...request.headers, 'x-second': request.headers?.['x-note'] ?? 'missing' } };
      })
      .build();
    await chat.complete('hi');
    const [sent] = emulator.requests();
    expect(sent.headers['x-note']).toBe('first');
    expect(sent.headers['x-second']).toBe('first');
    expect((sent.body as { temperature?: number }).temperature).toBe(0.25);
  });

  it('hooks see the step and attempt numbers; each attempt starts from the request the engine built', async () => {
    emulator.script([{ toolCalls: [{ id: 'c1', name: 'ping', arguments: {} }] }, { error: { status: 500 } }, { text: 'done' }]);
    const before: Array<[number, number, string]> = [];
    const after: AfterResponseInfo[] = [];
    const chat = base()
      .withTools([makeTool({ name: 'ping', execute: () => 'pong' })])
      .withRetry(fixedDelay(0, 2))
      .beforeRequest((request, info) => {
        before.push([info.step, info.attempt, info.mode]);
        return withNote(request, `${request.headers?.['x-note'] ?? ''}step${info.step}.${info.attempt}`);
      })
      .afterResponse((info) => void after.push(info))
      .build();
    await chat.complete('hi');
    expect(before).toEqual([[1, 1, 'complete'], [2, 1, 'complete'], [2, 2, 'complete']]);
    expect(emulator.requests().map((r) => r.headers['x-note'])).toEqual(['step1.1', 'step2.1', 'step2.2']);
    expect(after.map((a) => [a.step, a.attempt, a.error?.constructor.name ?? 'ok'])).toEqual([[1, 1, 'ok'], [2, 1, 'ServerError'], [2, 2, 'ok']]);
    expect(after[0].response?.parts[0]).toMatchObject({ type: 'tool-call', name: 'ping' });
    expect(after[1].error).toBeInstanceOf(ServerError);
    expect(after[2].request.headers?.['x-note']).toBe('step2.2');
  });

  it('the after hook reports the duration by the chat clock', async () => {
    emulator.script([{ text: 'slow', delayMs: 40 }]);
    let duration = -1;
    await base().afterResponse(({ durationMs }) => void (duration = durationMs)).build().complete('hi');
    expect(duration).toBeGreaterThanOrEqual(35);
    expect(duration).toBeLessThan(5000);
  });

  it('in a stream, the after hook sees the response before the step finishes for the subscriber', async () => {
    emulator.script([{ text: 'streamed words here' }]);
    const order: string[] = [];
    const chat = base()
      .afterResponse(async ({ response, mode }) => {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`after:${mode}:${response?.parts.map((p) => (p.type === 'text' ? p.text : '')).join('')}`);
      })
      .build();
    const events = await lastValueFrom(chat.stream('hi').pipe(toArray()));
    events.forEach((e) => (e.type === 'step-finish' || e.type === 'finish') && order.push(e.type));
    expect(order).toEqual(['after:stream:streamed words here', 'step-finish', 'finish']);
  });

  it('a throwing before hook is a CallbackError and nothing is sent', async () => {
    emulator.script([{ text: 'never' }]);
    const broken = new Error('no token for the gateway');
    const error = await base()
      .beforeRequest(() => {
        throw broken;
      })
      .build()
      .complete('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).callback).toBe('beforeRequest');
    expect((error as CallbackError).thrown).toBe(broken);
    expect((error as CallbackError).message).toContain('no token for the gateway');
    expect(emulator.requests()).toHaveLength(0);
  });

  it('a before hook returning something that is not a request is a CallbackError', async () => {
    const chat = base()
      .beforeRequest(() => ({ nope: true }) as unknown as ProviderRequest)
      .build();
    await expect(chat.complete('hi')).rejects.toThrow(/must return a ProviderRequest/);
    expect(emulator.requests()).toHaveLength(0);
  });

  it('an after hook throwing on a failure keeps the original error as cause and is not retried', async () => {
    emulator.script([{ error: { status: 500 } }, { text: 'never' }]);
    const error = await base()
      .withRetry(fixedDelay(0, 3))
      .afterResponse(({ error: failure }) => {
        if (failure) throw new Error('metrics down');
      })
      .build()
      .complete('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).cause).toBeInstanceOf(ServerError);
    expect((error as CallbackError).message).toMatch(/metrics down.*HTTP 500/);
    expect(emulator.requests()).toHaveLength(1);
  });

  it('an after hook throwing on a success fails the call (stream and complete)', async () => {
    emulator.script([{ text: 'fine' }, { text: 'fine again' }]);
    const chat = base()
      .afterResponse(() => {
        throw new Error('rejected by policy');
      })
      .build();
    await expect(chat.complete('hi')).rejects.toBeInstanceOf(CallbackError);
    const streamed = await lastValueFrom(chat.stream('hi').pipe(toArray())).catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(CallbackError);
    expect((streamed as CallbackError).callback).toBe('afterResponse');
  });
});
