import { ChatBuilder, type FinishInfo } from '../../lib/chat';
import { withContextWindowCheck } from '../../lib/chat/context-window.guard';
import { budgets } from '../../lib/budget';
import type { RunObserver } from '../../lib/core/run-observer.types';
import { Messages } from '../../lib/core/messages';
import { AbortedError, BudgetExceededError, ContextLengthExceededError } from '../../lib/errors';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { fixedDelay } from '../../lib/retry';
import { RouterBuilder } from '../../lib/router';
import { ProviderEmulator } from '../../lib/testing';
import { requestCounts, responsesAt, until } from '../support/emulated-providers';
import { runWays as ways } from '../support/one-run-path.ways';
import { makeTool, requireCity } from '../support/test-tools';

/**
 * The seams around a turn (retries, router, observers, budgets, the context-window check, provider
 * warnings, abort) behave the same through complete() and stream().pipe(toResponse()): issue 26's
 * matrix, second half (the turn's own features are in one-run-path.spec.ts).
 */
describe('one run path: the seams around a turn agree through complete() and stream()', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const provider = () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').build();
  const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: 21 }) });
  const toolThenAnswer = (answer: Record<string, unknown> = {}) => [
    { toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }], usage: { input: 10, output: 2 } },
    { text: 'It is 21 degrees.', usage: { input: 20, output: 3 }, ...answer },
  ];

  it.each(ways)('%s: a 500 then a success is retried inside one turn: one answer, usage of the answered requests summed', async (_name, run) => {
    const [tool, answer] = toolThenAnswer();
    emulator.script([tool, { error: { status: 500 } }, answer]);
    const messages = Messages.fromUser('Weather?');
    const reply = await run(new ChatBuilder().withModel(provider()).withTools([weather]).withRetry(fixedDelay(1)).build(), messages);
    expect(reply.text).toBe('It is 21 degrees.');
    expect(emulator.requests()).toHaveLength(3);
    expect(reply.usage).toMatchObject({ inputTokens: 30, outputTokens: 5, totalTokens: 35 });
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it.each(ways)('%s: a router falls back to its next provider; the answer says which model gave it', async (_name, run) => {
    const router = new RouterBuilder().addProvider(responsesAt(emulator, 'a'), { name: 'a' }).addProvider(responsesAt(emulator, 'b'), { name: 'b' }).build();
    emulator.script([{ error: { status: 503 } }], 'a').script([{ text: 'from b' }], 'b');
    const reply = await run(new ChatBuilder().withModel(router).withRetry(false).build(), 'Hi');
    expect(reply.text).toBe('from b');
    expect(reply.metadata.model).toBe('model-b');
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 1 });
  });

  it.each(ways)('%s: a setting the provider ignores is a warning on the response', async (_name, run) => {
    emulator.script([{ text: 'ok' }], 'a');
    const reply = await run(new ChatBuilder().withModel(responsesAt(emulator, 'a')).build(), 'Hi', { options: { topK: 5 } });
    expect(reply.text).toBe('ok');
    expect(reply.warnings).toEqual(['The Responses API has no top_k; it was not sent']);
  });

  it.each(ways)('%s: run observers see the same calls: the run, each attempt, each tool, the end', async (name, run) => {
    emulator.script(toolThenAnswer());
    const log: string[] = [];
    const observer: RunObserver = {
      startRun: (started) => {
        log.push(`start ${started.mode} ${JSON.stringify(started.context)}`);
        return {
          modelCall: (request, info, send) => (log.push(`request ${info.step}.${info.attempt} repair=${info.repair}`), send(request)),
          tool: async (call, execute) => {
            const result = await execute();
            log.push(`tool ${call.name} ${result.content}`);
            return result;
          },
          end: (outcome) => log.push(`end ${outcome.status} ${outcome.usage.totalTokens}`),
        };
      },
    };
    await run(new ChatBuilder().withModel(provider()).withTools([weather]).withObserver(observer).build(), 'Weather?', { context: { user: 'u1' } });
    expect(log).toEqual([
      `start ${name.replace('()', '')} {"user":"u1"}`,
      'request 1.1 repair=false',
      'tool weather {"city":"Paris","celsius":21}',
      'request 2.1 repair=false',
      'end completed 35',
    ]);
  });

  it.each(ways)('%s: a budget refuses the run before anything is sent; the conversation is left as it was', async (_name, run) => {
    emulator.script([{ text: 'never' }]);
    const estimate = () => ({ inputTokens: 50, outputTokens: 100, totalTokens: 150 });
    const chat = new ChatBuilder().withModel(provider()).withObserver(budgets({ limits: [{ name: 'tiny', key: () => 'k', window: 'day', limit: 100 }], estimate })).build();
    const messages = Messages.fromUser('Hi');
    const failure = await run(chat, messages).catch((e: unknown) => e);
    expect(BudgetExceededError.is(failure)).toBe(true);
    expect(emulator.requests()).toHaveLength(0);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user']);
  });

  it.each(ways)('%s: a request over the context window fails before it is sent', async (_name, run) => {
    emulator.script([{ text: 'never' }]);
    const chat = new ChatBuilder().withModel(withContextWindowCheck(provider(), { contextWindow: 50 })).withRetry(false).build();
    const failure = await run(chat, 'word '.repeat(400)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ContextLengthExceededError);
    expect((failure as ContextLengthExceededError).details).toMatchObject({ contextWindow: 50 });
    expect(emulator.requests()).toHaveLength(0);
  });

  /** Starts a call that an abort (complete: its AbortSignal) or an unsubscribe (stream) cuts; `onFinish` sees how it ended. */
  const cutters = {
    'complete()': (chat: ReturnType<typeof toolChat>, messages: Messages, onFinish: (info: FinishInfo) => void) => {
      const controller = new AbortController();
      const settled = chat.complete(messages, { signal: controller.signal, onFinish }).catch((e: unknown) => e);
      return { cut: () => controller.abort(), settled };
    },
    'stream()': (chat: ReturnType<typeof toolChat>, messages: Messages, onFinish: (info: FinishInfo) => void) => {
      const subscription = chat.stream(messages, { onFinish }).subscribe({ error: () => undefined });
      return { cut: () => subscription.unsubscribe(), settled: undefined };
    },
  };
  const toolChat = () => new ChatBuilder().withModel(provider()).withTools([weather]).build();

  it.each(ways)('%s: cut while the second request stalls: the socket closes, the turn so far is kept, interrupted', async (name) => {
    emulator.script(toolThenAnswer({ fault: 'stall-before' }));
    const messages = Messages.fromUser('Weather?');
    const ends: FinishInfo[] = [];
    const call = cutters[name as keyof typeof cutters](toolChat(), messages, (info) => void ends.push(info));
    await until(() => emulator.requests().length === 2, 3000, 'the second request');
    const closed = emulator.waitForClientClose();
    call.cut();
    await closed;
    await until(() => ends.length === 1, 3000, 'onFinish');
    expect(ends[0]).toMatchObject({ status: 'interrupted', usage: expect.objectContaining({ totalTokens: 12 }) });
    expect(ends[0].error).toBeInstanceOf(AbortedError);
    if (call.settled) expect(await call.settled).toBeInstanceOf(AbortedError); // complete() rejects; an unsubscribed stream delivers nothing more
    expect(messages.toArray().map((m) => [m.role, m.status])).toEqual([
      ['user', undefined],
      ['assistant', 'interrupted'],
      ['tool', undefined],
    ]);
    expect(messages.findToolCall('call_1')?.status).toBe('completed');
  });
});
