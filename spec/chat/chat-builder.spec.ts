import { lastValueFrom, toArray } from 'rxjs';
import { Chat, ChatBuilder, DEFAULT_MAX_STEPS } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import { CallbackError, ConfigurationError, ServerError, ToolNameClashError } from '../../lib/errors';
import { fixedDelay } from '../../lib/retry';
import { ScriptedProvider } from '../support/scripted.provider';
import { makeTool, weatherSpec } from '../support/test-tools';

const echo = makeTool({ name: 'echo', execute: () => 'e' });

describe('ChatBuilder', () => {
  it('sends the system prompt and generation options; per-call options override them', async () => {
    const provider = new ScriptedProvider([{ text: 'ok' }]);
    const chat = new ChatBuilder().withModel(provider).withSystemPrompt('Be brief.').withOptions({ temperature: 0.2, maxTokens: 50 }).withOptions({ seed: 7 }).build();
    await chat.complete('x', { options: { maxTokens: 10 }, headers: { 'x-a': '1' }, providerOptions: { store: false }, timeout: 1234 });
    const request = provider.requests[0];
    expect(request.system).toBe('Be brief.');
    expect(request.options).toEqual({ temperature: 0.2, maxTokens: 10, seed: 7 });
    expect(request.headers).toEqual({ 'x-a': '1' });
    expect(request.providerOptions).toEqual({ store: false });
    expect(request.timeout).toBe(1234);
    expect(request.tools).toBeUndefined();
    // nothing can abort a complete() but the caller: no signal of its own is sent
    expect(request.signal).toBeUndefined();
    const controller = new AbortController();
    await chat.complete('x', { signal: controller.signal });
    expect(provider.requests[1].signal).toBe(controller.signal);
  });

  it('is immutable: a base builder makes independent chats', async () => {
    const base = new ChatBuilder().withSystemPrompt('shared');
    const a = new ScriptedProvider([{ text: 'a' }]);
    const b = new ScriptedProvider([{ text: 'b' }]);
    const chatA = base.withModel(a).build();
    const chatB = base.withModel(b).withTools([echo]).build();
    expect(chatA).toBeInstanceOf(Chat);
    expect(chatA.tools).toHaveLength(0);
    expect(chatB.tools).toHaveLength(1);
    expect((await chatA.complete('x')).text).toBe('a');
    expect((await chatB.complete('x')).text).toBe('b');
  });

  it('accepts a ToolSet and disposes it with the chat (not the provider)', async () => {
    const dispose = jest.fn(async () => undefined);
    const chat = new ChatBuilder().withModel(new ScriptedProvider([{ text: 'ok' }])).withTools({ tools: [echo], dispose }).build();
    expect(chat.tools.map((t) => t.name)).toEqual(['echo']);
    await chat.dispose();
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('fails at build time on invalid configurations a type cannot see', () => {
    const provider = new ScriptedProvider([]);
    expect(() => new ChatBuilder().withModel(provider).withTools([echo, echo]).build()).toThrow(ToolNameClashError);
    expect(() => new ChatBuilder().withModel(provider).withTools([echo, echo]).build()).toThrow(
      'Duplicate tool name "echo": the tool at index 0 and the tool at index 1; rename one',
    );
    expect(() => new ChatBuilder().withModel(provider).withTools([echo]).withMaxSteps(0)).toThrow(ConfigurationError);
    expect(() => new ChatBuilder().withModel(provider).withTools([echo]).withToolConcurrency(1.5)).toThrow(ConfigurationError);
    expect(() => new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).withRepairAttempts(-1)).toThrow(ConfigurationError);
    expect(() => new ChatBuilder().withModel(provider).withApprovalSecret('short')).toThrow(ConfigurationError);
    const noTools = new ScriptedProvider([], { capabilities: { tools: false } });
    expect(() => new ChatBuilder().withModel(noTools).withTools([echo]).build()).toThrow(/does not support tools/);
    // JavaScript callers bypassing the types still get runtime errors
    const untyped = new ChatBuilder() as unknown as { build(): unknown; withModel(p: unknown): { withModel(p: unknown): unknown } };
    expect(() => untyped.build()).toThrow(/needs a model/);
    expect(() => untyped.withModel(provider).withModel(provider)).toThrow(/already called/);
  });

  it('exposes the default maxSteps', () => {
    expect(DEFAULT_MAX_STEPS).toBe(10);
  });

  it('retries a failed model request (never a tool run) under withRetry', async () => {
    let toolRuns = 0;
    const counted = makeTool({ name: 'counted', execute: () => ++toolRuns });
    const provider = new ScriptedProvider((_r, i) =>
      i === 0 ? { toolCalls: [{ name: 'counted' }] } : i === 1 ? { error: new ServerError('flaky', { provider: 'scripted', status: 503 }) } : { text: 'ok' },
    );
    const chat = new ChatBuilder().withModel(provider).withTools([counted]).withRetry(fixedDelay(0, 2)).build();
    expect((await chat.complete('x')).text).toBe('ok');
    expect(toolRuns).toBe(1);
    expect(provider.calls).toHaveLength(3);
  });

  it('retries a stream only while nothing of it was emitted', async () => {
    const provider = new ScriptedProvider((_r, i) => (i === 0 ? { error: new ServerError('down', { provider: 'scripted', status: 503 }) } : { text: 'fine' }));
    const chat = new ChatBuilder().withModel(provider).withRetry(fixedDelay(0, 2)).build();
    const events = await lastValueFrom(chat.stream('x').pipe(toArray()));
    expect(events.at(-1)).toMatchObject({ type: 'finish', output: 'fine' });

    const late = new ScriptedProvider((_r, i) => (i === 0 ? { text: 'partial text', failAfterEvents: 1, error: new ServerError('cut', { provider: 'scripted', status: 503 }) } : { text: 'fine' }));
    const lateChat = new ChatBuilder().withModel(late).withRetry(fixedDelay(0, 2)).build();
    await expect(lastValueFrom(lateChat.stream('x'))).rejects.toBeInstanceOf(ServerError);
    expect(late.calls).toHaveLength(1);
  });

  it('calls onFinish (builder and per call) once with the usage; a throwing callback is a CallbackError', async () => {
    const fromBuilder = jest.fn();
    const perCall = jest.fn();
    const messages = Messages.fromUser('x');
    const chat = new ChatBuilder().withModel(new ScriptedProvider([{ text: 'ok' }])).onFinish(fromBuilder).build();
    await chat.complete(messages, { onFinish: perCall });
    expect(fromBuilder).toHaveBeenCalledWith({ status: 'completed', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, messages: [messages.last()], finishReason: { unified: 'stop', raw: 'stop' } });
    expect(perCall).toHaveBeenCalledTimes(1);
    const failing = new ChatBuilder()
      .withModel(new ScriptedProvider([{ text: 'ok' }]))
      .onFinish(() => {
        throw new Error('metrics down');
      })
      .build();
    const error = await failing.complete('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).message).toContain('metrics down');
  });
});
