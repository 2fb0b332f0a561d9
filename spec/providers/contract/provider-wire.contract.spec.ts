import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { ProviderRequest } from '../../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../../lib/core/stream-event.types';
import {
  AbortedError,
  AuthenticationError,
  ChatError,
  InvalidRequestError,
  ProviderOverloadedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../../lib/errors';
import { ChatBuilder } from '../../../lib/chat';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { makeTool } from '../../support/test-tools';
import { VirtualClock } from '../../../lib/testing/virtual.clock';
import { CONTRACT_ENTRIES } from './provider-contract.registry';

type ErrorClass = abstract new (...args: never[]) => ChatError;

/** The statuses the error table of docs/operations.md documents, and the typed error (or errors) each maps to. */
const DOCUMENTED_STATUSES: ReadonlyArray<{ status: number; classes: readonly ErrorClass[]; retryable: boolean }> = [
  { status: 400, classes: [InvalidRequestError], retryable: false },
  { status: 401, classes: [AuthenticationError], retryable: false },
  { status: 403, classes: [AuthenticationError], retryable: false },
  { status: 404, classes: [InvalidRequestError], retryable: false },
  { status: 422, classes: [InvalidRequestError], retryable: false },
  { status: 429, classes: [RateLimitError], retryable: true },
  { status: 500, classes: [ServerError], retryable: true },
  { status: 502, classes: [ServerError], retryable: true },
  // 503 is `ProviderOverloadedError` when the provider says so (`UNAVAILABLE`, "overloaded"), else `ServerError`.
  { status: 503, classes: [ServerError, ProviderOverloadedError], retryable: true },
  { status: 504, classes: [TimeoutError], retryable: true },
  { status: 529, classes: [ProviderOverloadedError], retryable: true },
];

/** A stream that sends a few words, then stalls with its socket open. */
const STALL = { text: 'one two three four five six seven eight nine ten', fault: 'stall-mid', afterChunks: 6 } as const;

const ask: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hello' }] }] };

async function failure(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise;
  } catch (error) {
    return error as ChatError;
  }
  throw new Error('expected a failure');
}

/** Subscribes to a stream; resolves `first` at its first event and `settled` with its error (or undefined when it completes). */
function watch(stream: ReturnType<typeof Object>): { first: Promise<void>; settled: Promise<unknown>; unsubscribe: () => void } {
  let onFirst: () => void = () => undefined;
  let onSettled: (value: unknown) => void = () => undefined;
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const settled = new Promise<unknown>((resolve) => (onSettled = resolve));
  const subscription = (stream as import('rxjs').Observable<ModelStreamEvent>).subscribe({
    next: () => onFirst(),
    error: (error) => onSettled(error),
    complete: () => onSettled(undefined),
  });
  return { first, settled, unsubscribe: () => subscription.unsubscribe() };
}

describe.each(CONTRACT_ENTRIES.map((e) => [e.name, e] as const))('%s: the wire contract', (_name, entry) => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('reports usage and a finish reason, whole and streamed', async () => {
    emulator.script([
      { ...entry.reply, text: 'Four words right here.', usage: { input: 11, output: 4 } },
      { ...entry.reply, text: 'Four words right here.', usage: { input: 12, output: 5 } },
    ]);
    const provider = entry.builder(emulator).build();
    const whole = await provider.complete(ask);
    expect(whole.finishReason).toMatchObject({ unified: 'stop', raw: expect.any(String) });
    expect(whole.usage).toMatchObject({ inputTokens: 11, outputTokens: 4 });
    const events = await lastValueFrom(provider.stream(ask).pipe(toArray()));
    const finish = events.at(-1);
    expect(finish?.type).toBe('step-finish');
    if (finish?.type !== 'step-finish') return;
    expect(finish.response.finishReason).toMatchObject({ unified: 'stop', raw: expect.any(String) });
    expect(finish.response.usage).toMatchObject({ inputTokens: 12, outputTokens: 5 });
  });

  it('a tool call, whole and streamed, runs its tool in the chat loop on the arguments the model sent', async () => {
    const ran: unknown[] = [];
    const lookup = makeTool({
      name: 'lookup_order',
      parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      execute: (args: { id: string }) => (ran.push(args), `order ${args.id} shipped`),
    });
    const chat = new ChatBuilder().withModel(entry.builder(emulator).build()).withTools([lookup]).withRetry(false).build();
    const turn = (id: string) => [{ ...entry.reply, toolCalls: [{ name: 'lookup_order', arguments: { id } }] }, { ...entry.reply, text: `Order ${id} shipped.` }];
    emulator.script([...turn('A-7'), ...turn('B-8')]);
    expect((await chat.complete('Where is A-7?')).text).toBe('Order A-7 shipped.');
    const streamed = await lastValueFrom(chat.stream('Where is B-8?').pipe(toArray()));
    expect(streamed.filter((e) => e.type === 'tool-result').map((e) => (e.type === 'tool-result' ? (e.result.isError ?? false) : 'not a result'))).toEqual([false]);
    expect(ran).toEqual([{ id: 'A-7' }, { id: 'B-8' }]);
    expect(emulator.requests()).toHaveLength(4);
  });

  it('works through a Proxy (instrumentation, test doubles): its methods still reach the private state', async () => {
    emulator.script([{ text: 'Through a proxy.' }, { text: 'Streamed through a proxy.' }]);
    const target = entry.builder(emulator).build();
    const calls: string[] = [];
    const proxied = new Proxy(target, { get: (t, key, receiver) => (calls.push(String(key)), Reflect.get(t, key, receiver)) });
    expect((await proxied.complete(ask)).finishReason.unified).toBe('stop');
    expect((await lastValueFrom(proxied.stream(ask).pipe(toArray()))).at(-1)?.type).toBe('step-finish');
    expect(proxied.baseUrl).toBe(target.baseUrl);
    expect(calls).toEqual(expect.arrayContaining(['complete', 'stream']));
  });

  it('aborting a stream closes its socket and ends it with AbortedError', async () => {
    emulator.script([STALL]);
    const controller = new AbortController();
    const watched = watch(entry.builder(emulator).build().stream({ ...ask, signal: controller.signal }));
    await watched.first;
    const closed = emulator.waitForClientClose();
    controller.abort();
    await closed;
    expect(await watched.settled).toBeInstanceOf(AbortedError);
    expect(emulator.requests()[0].closedByClient).toBe(true);
  });

  it('unsubscribing from a stream closes its socket', async () => {
    emulator.script([STALL]);
    const watched = watch(entry.builder(emulator).build().stream(ask));
    await watched.first;
    const closed = emulator.waitForClientClose();
    watched.unsubscribe();
    await closed;
    expect(emulator.requests()[0].closedByClient).toBe(true);
  });

  it('aborting a whole request closes its socket and rejects with AbortedError', async () => {
    emulator.script([{ fault: 'stall-before' }]);
    const controller = new AbortController();
    const pending = failure(entry.builder(emulator).build().complete({ ...ask, signal: controller.signal }));
    while (emulator.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    const closed = emulator.waitForClientClose();
    controller.abort();
    await closed;
    expect(await pending).toBeInstanceOf(AbortedError);
    expect(emulator.requests()[0].closedByClient).toBe(true);
  });

  it('a stalled stream ends with an idle TimeoutError on the injected clock, and its socket is closed', async () => {
    emulator.script([STALL]);
    const clock = new VirtualClock();
    const watched = watch(entry.builder(emulator, { clock, idleTimeout: 5_000 }).build().stream(ask));
    await watched.first;
    const closed = emulator.waitForClientClose();
    clock.advance(5_000);
    const error = await watched.settled;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'idle', provider: entry.id, isRetryable: true });
    await closed;
  });

  it('maps every documented error status to its typed error, whole and streamed, with a consistent isRetryable', async () => {
    emulator.script(DOCUMENTED_STATUSES.flatMap(({ status }) => [0, 1].map(() => ({ error: { status, message: `emulated ${status}`, retryAfter: 2 } }))));
    const provider = entry.builder(emulator).build();
    const seen: string[] = [];
    for (const { status, classes, retryable } of DOCUMENTED_STATUSES) {
      const whole = await failure(provider.complete(ask));
      const streamed = await failure(firstValueFrom(provider.stream(ask)));
      for (const error of [whole, streamed]) {
        seen.push(`${status} ${error.constructor.name} ${error.isRetryable}`);
        expect(classes.some((cls) => error instanceof cls)).toBe(true);
        expect(error).toMatchObject({ status, provider: entry.id, isRetryable: retryable });
        if (status === 429) expect(error.retryAfterSeconds).toBe(2);
      }
      expect(streamed.constructor).toBe(whole.constructor);
    }
    expect(seen).toHaveLength(DOCUMENTED_STATUSES.length * 2);
  });
});
