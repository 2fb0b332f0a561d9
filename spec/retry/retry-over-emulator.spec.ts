import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import type { StreamEvent } from '../../lib/core/stream-event.types';
import { AbortedError, EmbeddingBatchError, NetworkError, ProviderOverloadedError, RateLimitError, ServerError, TimeoutError } from '../../lib/errors';
import { ClaudeBuilder } from '../../lib/providers/claude';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { fixedDelay, noRetry, type RetryInfo } from '../../lib/retry';
import { type ProviderEmulator, VirtualClock } from '../../lib/testing';
import { openAIAt, responsesAt, until, useFlakyEmulator } from '../support/emulated-providers';
import { makeTool } from '../support/test-tools';

/** Retry over real sockets: the emulator injects the faults, the engine retries one model request at a time. */
describe('retry over the provider emulator', () => {
  let emulator: ProviderEmulator;
  const embeddings = useFlakyEmulator((e) => (emulator = e));

  const provider = (session = 'default', idleTimeoutMs?: number) => responsesAt(emulator, session, { idleTimeoutMs });

  it('waits Retry-After (virtual time) on a 429, then succeeds', async () => {
    const clock = new VirtualClock();
    const seen: RetryInfo[] = [];
    emulator.script([{ error: { status: 429, retryAfter: 7 } }, { text: 'after the wait' }]);
    const chat = new ChatBuilder()
      .withModel(provider())
      .withClock(clock)
      .withRetry(fixedDelay(100, 3, { onRetry: (info) => void seen.push(info) }))
      .build();
    const reply = chat.complete('hi');
    await until(() => clock.pendingTimers === 1, 3000, 'the retry wait');
    expect(seen).toHaveLength(1);
    expect(seen[0].error).toBeInstanceOf(RateLimitError);
    expect(seen[0].delayMs).toBe(7000);
    await clock.advanceAsync(6999);
    expect(emulator.requests()).toHaveLength(1);
    await clock.advanceAsync(1);
    await expect(reply).resolves.toMatchObject({ text: 'after the wait' });
    expect(emulator.requests()).toHaveLength(2);
  });

  it('aborting or unsubscribing during the wait between attempts ends the call; no attempt follows', async () => {
    const clock = new VirtualClock();
    emulator.script([{ error: { status: 500 } }, { error: { status: 500 } }, { text: 'never' }]);
    const chat = new ChatBuilder().withModel(provider()).withClock(clock).withRetry(fixedDelay(5_000, 3)).build();

    const controller = new AbortController();
    const pending = chat.complete('hi', { signal: controller.signal });
    await until(() => clock.pendingTimers === 1, 3000, 'the retry wait');
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);

    const subscription = chat.stream('hi').subscribe({ error: () => undefined });
    await until(() => emulator.requests().length === 2 && clock.pendingTimers === 1, 3000, 'the second retry wait');
    subscription.unsubscribe();
    await clock.advanceAsync(60_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(emulator.requests()).toHaveLength(2);
    expect(emulator.remaining()).toBe(1);
  });

  it.each([
    [500, ServerError],
    [502, ServerError],
    [503, ProviderOverloadedError],
  ])('retries HTTP %s and sends the same request again', async (status, type) => {
    const errors: unknown[] = [];
    emulator.script([{ error: { status } }, { error: { status } }, { text: 'third time lucky' }]);
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 3, { onRetry: ({ error }) => void errors.push(error) })).build();
    await expect(chat.complete('hi')).resolves.toMatchObject({ text: 'third time lucky' });
    expect(errors).toHaveLength(2);
    errors.forEach((e) => expect(e).toBeInstanceOf(type));
    const bodies = emulator.requests().map((r) => JSON.stringify(r.body));
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies).size).toBe(1);
  });

  it('retries Claude 529 overloaded and Gemini 503 UNAVAILABLE (their own wires)', async () => {
    emulator.script([{ error: { status: 529 } }, { text: 'claude is back' }], 'claude');
    emulator.script([{ error: { status: 503 } }, { text: 'gemini is back' }], 'gemini');
    const claude = new ClaudeBuilder().withModel('claude-sonnet-4-5').withApiKey('sk-ant-emulator').withBaseUrl(emulator.url('', 'claude')).build();
    const gemini = new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey('gemini-emulator').withBaseUrl(emulator.url('/v1beta', 'gemini')).build();
    for (const [model, expected] of [[claude, 'claude is back'], [gemini, 'gemini is back']] as const) {
      const errors: unknown[] = [];
      const chat = new ChatBuilder().withModel(model).withRetry(fixedDelay(0, 2, { onRetry: ({ error }) => void errors.push(error) })).build();
      await expect(chat.complete('hi')).resolves.toMatchObject({ text: expected });
      expect(errors).toEqual([expect.any(ProviderOverloadedError)]);
    }
  });

  it('retries an HTML 502 from a proxy and a connection reset before the response', async () => {
    emulator.script([{ fault: 'html-502' }, { fault: 'reset-before' }, { text: 'through' }]);
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 3)).build();
    await expect(chat.complete('hi')).resolves.toMatchObject({ text: 'through' });
    expect(emulator.requests()).toHaveLength(3);
  });

  it('gives up after maxAttempts with the last typed error', async () => {
    emulator.script([{ error: { status: 500 } }, { error: { status: 503 } }, { text: 'never reached' }]);
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 2)).build();
    await expect(chat.complete('hi')).rejects.toBeInstanceOf(ProviderOverloadedError);
    expect(emulator.requests()).toHaveLength(2);
    expect(emulator.remaining()).toBe(1);
  });

  it('never retries a non-retryable error (400)', async () => {
    emulator.script([{ error: { status: 400, message: 'bad field' } }, { text: 'never reached' }]);
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 5)).build();
    await expect(chat.complete('hi')).rejects.toMatchObject({ status: 400 });
    expect(emulator.requests()).toHaveLength(1);
  });

  it('retries a slow response cut by the request timeout', async () => {
    emulator.script([{ text: 'too late', delayMs: 400 }, { text: 'in time' }]);
    const errors: unknown[] = [];
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 2, { onRetry: ({ error }) => void errors.push(error) })).build();
    await expect(chat.complete('hi', { timeout: 60 })).resolves.toMatchObject({ text: 'in time' });
    expect(errors[0]).toBeInstanceOf(TimeoutError);
  });

  it('retries a stream that stalls before its first event (idle timeout)', async () => {
    emulator.script([{ fault: 'stall-before' }, { text: 'streamed' }]);
    const chat = new ChatBuilder().withModel(provider('default', 60)).withRetry(fixedDelay(0, 2)).build();
    const events = await lastValueFrom(chat.stream('hi').pipe(toArray()));
    expect(events.at(-1)).toMatchObject({ type: 'finish', output: 'streamed' });
    expect(emulator.requests()).toHaveLength(2);
  });

  it('retries a stream reset before its first event, transparently', async () => {
    emulator.script([{ fault: 'reset-before' }, { text: 'one two three' }]);
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 3)).build();
    const events = await lastValueFrom(chat.stream('hi').pipe(toArray()));
    const text = events.filter((e): e is Extract<StreamEvent, { type: 'text-delta' }> => e.type === 'text-delta').map((e) => e.delta).join('');
    expect(text).toBe('one two three');
    expect(emulator.requests()).toHaveLength(2);
  });

  it('never retries a stream once an event reached the subscriber (reset mid-stream)', async () => {
    emulator.script([{ text: 'alpha beta gamma delta epsilon zeta', fault: 'reset-mid', afterChunks: 8 }, { text: 'never sent' }]);
    const messages = Messages.fromUser('hi');
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 5)).build();
    const seen: string[] = [];
    const error = await new Promise<unknown>((resolve) => chat.stream(messages).subscribe({ next: (e) => seen.push(e.type), error: resolve, complete: () => resolve(undefined) }));
    expect(seen).toContain('text-delta');
    expect(error).toBeInstanceOf(NetworkError);
    expect(emulator.requests()).toHaveLength(1);
    expect(messages.last()?.status).toBe('interrupted');
  });

  it('never retries a truncated or an empty 200 body: the answer arrived (and was paid for)', async () => {
    emulator.script([{ text: 'cut', fault: 'truncate' }, { fault: 'empty' }, { text: 'never sent' }]);
    const chat = new ChatBuilder().withModel(provider()).withRetry(fixedDelay(0, 3)).build();
    await expect(chat.complete('hi')).rejects.toMatchObject({ name: 'InvalidResponseError', isRetryable: false });
    await expect(chat.complete('hi')).rejects.toMatchObject({ name: 'InvalidResponseError', isRetryable: false });
    expect(emulator.requests()).toHaveLength(2);
    expect(emulator.remaining()).toBe(1);
  });

  it('noRetry() sends one request', async () => {
    emulator.script([{ error: { status: 502 } }, { text: 'never sent' }]);
    const chat = new ChatBuilder().withModel(provider()).withRetry(noRetry()).build();
    await expect(chat.complete('hi')).rejects.toBeInstanceOf(ServerError);
    expect(emulator.requests()).toHaveLength(1);
  });

  it('repeats one model request, never a tool run: step 3 failing twice does not rerun steps 1-2 or their tools', async () => {
    let runs = 0;
    const counter = makeTool({ name: 'count', execute: () => ++runs });
    emulator.script([
      { toolCalls: [{ id: 'c1', name: 'count', arguments: {} }] },
      { toolCalls: [{ id: 'c2', name: 'count', arguments: {} }] },
      { error: { status: 500 } },
      { fault: 'reset-before' },
      { text: 'counted twice' },
    ]);
    const attempts: Array<[number, number]> = [];
    const chat = new ChatBuilder()
      .withModel(provider())
      .withTools([counter])
      .withRetry(fixedDelay(0, 3))
      .afterResponse(({ step, attempt }) => void attempts.push([step, attempt]))
      .build();
    const reply = await chat.complete('count twice');
    expect(reply.text).toBe('counted twice');
    expect(runs).toBe(2);
    expect(reply.toolResults.map((r) => r.content)).toEqual(['1', '2']);
    expect(attempts).toEqual([[1, 1], [2, 1], [3, 1], [3, 2], [3, 3]]);
    const requests = emulator.requests();
    expect(requests).toHaveLength(5);
    // the three attempts of step 3 send the same conversation (both tool results), unchanged
    expect(JSON.stringify(requests[3].body)).toBe(JSON.stringify(requests[2].body));
    expect(JSON.stringify(requests[4].body)).toBe(JSON.stringify(requests[2].body));
    expect(JSON.stringify(requests[2].body)).toContain('"call_id":"c2"');
  });

  it('retries embeddings per batch: only the failed batch is sent again', async () => {
    embeddings.failures.set('t4', [503, 500]);
    const texts = ['t0', 't1', 't2', 't3', 't4', 't5'];
    const chat = new ChatBuilder().withModel(openAIAt(emulator, 'embed')).withRetry(fixedDelay(0, 3)).build();
    const result = await chat.embed(texts, { batchSize: 2, concurrency: 1 });
    expect(result.vectors).toHaveLength(6);
    expect(embeddings.batches).toEqual([['t0', 't1'], ['t2', 't3'], ['t4', 't5'], ['t4', 't5'], ['t4', 't5']]);
  });

  it('a batch still failing after the attempts is an EmbeddingBatchError naming its inputs', async () => {
    embeddings.failures.set('t2', [503, 503]);
    const chat = new ChatBuilder().withModel(openAIAt(emulator, 'embed')).withRetry(fixedDelay(0, 2)).build();
    const error = await chat.embed(['t0', 't1', 't2'], { batchSize: 2, concurrency: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingBatchError);
    expect((error as EmbeddingBatchError).inputIndexes).toEqual([2]);
    expect(embeddings.batches.filter((b) => b.includes('t2'))).toHaveLength(2);
  });
});
