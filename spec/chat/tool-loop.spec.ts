import { ChatBuilder } from '../../lib/chat';
import { Messages } from '../../lib/core/messages';
import type { ToolResultPart } from '../../lib/core/content-part.types';
import { AbortedError, MaxStepsExceededError } from '../../lib/errors';
import { ScriptedProvider } from '../support/scripted.provider';
import { deferred, makeTool, requireCity } from '../support/test-tools';

const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: city.length }) });
const echo = makeTool({ name: 'echo', execute: (args) => `echo:${JSON.stringify(args)}` });

function resultsOf(messages: Messages): ToolResultPart[] {
  return messages.toolResults();
}

describe('tool loop', () => {
  it('runs tool calls over several steps and appends the whole turn once', async () => {
    const provider = new ScriptedProvider([
      { toolCalls: [{ id: 'a', name: 'weather', arguments: { city: 'Paris' } }] },
      { toolCalls: [{ id: 'b', name: 'echo', arguments: { x: 1 } }] },
      { text: 'Paris is mild.' },
    ]);
    const chat = new ChatBuilder().withModel(provider).withTools([weather, echo]).build();
    const messages = Messages.fromUser('Weather?');
    const reply = await chat.complete(messages);

    expect(reply.status).toBe('completed');
    expect(reply.text).toBe('Paris is mild.');
    expect(reply.output).toBe('Paris is mild.');
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    expect(reply.messages).toEqual(messages.toArray().slice(1));
    expect(resultsOf(messages).map((r) => r.content)).toEqual(['{"city":"Paris","celsius":5}', 'echo:{"x":1}']);
    expect(messages.findToolCall('a')?.status).toBe('completed');
    // each request carried the conversation so far and the tool specs
    expect(provider.calls.map((c) => c.messages.length)).toEqual([1, 3, 5]);
    expect(provider.requests[0].tools?.map((t) => t.name)).toEqual(['weather', 'echo']);
    // usage is summed over the three steps
    expect(reply.usage).toEqual({ inputTokens: 30, outputTokens: 15, totalTokens: 45 });
    expect(reply.toolResults).toHaveLength(2);
  });

  it('runs the calls of one turn concurrently, never more than the limit, results in call order', async () => {
    let running = 0;
    let peak = 0;
    const slow = makeTool({
      name: 'slow',
      execute: async ({ n }) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 10 + (5 - n) * 3));
        running--;
        return n;
      },
    });
    const calls = [1, 2, 3, 4, 5].map((n) => ({ id: `c${n}`, name: 'slow', arguments: { n } }));
    const provider = new ScriptedProvider([{ toolCalls: calls }, { text: 'done' }]);
    const chat = new ChatBuilder().withModel(provider).withTools([slow]).withToolConcurrency(2).build();
    const messages = Messages.fromUser('go');
    await chat.complete(messages);
    expect(peak).toBe(2);
    expect(resultsOf(messages).map((r) => r.content)).toEqual(['1', '2', '3', '4', '5']);

    peak = 0;
    const unlimited = new ChatBuilder().withModel(new ScriptedProvider([{ toolCalls: calls }, { text: 'done' }])).withTools([slow]).withToolConcurrency(5).build();
    await unlimited.complete('go');
    expect(peak).toBe(5);
  });

  it('sends every tool failure back to the model as an error result the caller can see', async () => {
    const thrower = makeTool({
      name: 'thrower',
      execute: () => {
        throw new Error('disk full');
      },
    });
    const circular = makeTool({
      name: 'circular',
      execute: () => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      },
    });
    const provider = new ScriptedProvider([
      {
        toolCalls: [
          { id: 'u', name: 'nope', arguments: {} },
          { id: 'j', name: 'weather', raw: '{"city": "Par' },
          { id: 'v', name: 'weather', arguments: { town: 'Paris' } },
          { id: 't', name: 'thrower', arguments: {} },
          { id: 's', name: 'circular', arguments: {} },
        ],
      },
      { text: 'sorry' },
    ]);
    const chat = new ChatBuilder().withModel(provider).withTools([weather, thrower, circular]).build();
    const messages = Messages.fromUser('go');
    const reply = await chat.complete(messages);

    const byId = new Map(reply.toolResults.map((r) => [r.callId, r]));
    expect(byId.get('u')?.error?.kind).toBe('unknown-tool');
    expect(byId.get('u')?.content).toMatch(/Unknown tool "nope".*weather, thrower, circular/);
    expect(byId.get('j')?.error?.kind).toBe('invalid-arguments');
    expect(byId.get('j')?.content).toContain('{"city": "Par');
    expect(byId.get('v')?.error).toEqual({ kind: 'validation', message: expect.stringContaining('city must be a string'), details: { property: 'city' } });
    expect(byId.get('t')?.error?.kind).toBe('execution');
    expect(byId.get('t')?.content).toContain('disk full');
    expect(byId.get('s')?.error?.kind).toBe('execution');
    expect([...byId.values()].every((r) => r.isError)).toBe(true);
    expect(messages.toolCalls().map((c) => c.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    // the model saw them all on its next request
    const seen = provider.calls[1].messages.at(-1)?.parts ?? [];
    expect(seen.map((p) => (p as ToolResultPart).callId)).toEqual(['u', 'j', 'v', 't', 's']);
  });

  it('serialises results: strings as they are, other values as JSON, undefined as null', async () => {
    const kinds = makeTool({ name: 'kinds', execute: ({ k }) => ({ s: 'plain', n: 42, o: { a: [1] }, u: undefined })[k as 's' | 'n' | 'o' | 'u'] });
    const provider = new ScriptedProvider([{ toolCalls: ['s', 'n', 'o', 'u'].map((k) => ({ id: k, name: 'kinds', arguments: { k } })) }, { text: 'ok' }]);
    const reply = await new ChatBuilder().withModel(provider).withTools([kinds]).build().complete('x');
    expect(reply.toolResults.map((r) => r.content)).toEqual(['plain', '42', '{"a":[1]}', 'null']);
  });

  it('gives tools the caller context, the conversation, their call id and a live signal', async () => {
    const seen: unknown[] = [];
    const spy = makeTool({
      name: 'spy',
      execute: (_args, ctx) => {
        seen.push({ context: ctx.context, callId: ctx.callId, roles: ctx.messages.map((m) => m.role), aborted: ctx.signal.aborted });
        return 'ok';
      },
    });
    const provider = new ScriptedProvider([{ toolCalls: [{ id: 'k1', name: 'spy' }] }, { text: 'done' }]);
    const chat = new ChatBuilder().withModel(provider).withTools([spy]).build();
    await chat.complete(Messages.fromUser('hi'), { context: { tenant: 'acme' } });
    expect(seen).toEqual([{ context: { tenant: 'acme' }, callId: 'k1', roles: ['user', 'assistant'], aborted: false }]);
  });

  it('stops at maxSteps with a typed error that keeps the conversation and the usage', async () => {
    const provider = new ScriptedProvider([{ toolCalls: [{ name: 'echo', arguments: { again: true } }] }]);
    const chat = new ChatBuilder().withModel(provider).withTools([echo]).withMaxSteps(3).build();
    const messages = Messages.fromUser('loop');
    const error = await chat.complete(messages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxStepsExceededError);
    const e = error as MaxStepsExceededError;
    expect(e.maxSteps).toBe(3);
    expect(provider.calls).toHaveLength(3);
    expect(e.usage).toEqual({ inputTokens: 30, outputTokens: 15, totalTokens: 45 });
    // the three steps (calls + results) are on the conversation, and on the error
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'tool']);
    expect(e.messages).toEqual(messages.toArray().slice(1));
    expect(messages.at(-2)?.status).toBe('interrupted');
  });

  it('defaults maxSteps to 10', async () => {
    const provider = new ScriptedProvider([{ toolCalls: [{ name: 'echo', arguments: {} }] }]);
    await expect(new ChatBuilder().withModel(provider).withTools([echo]).build().complete('x')).rejects.toBeInstanceOf(MaxStepsExceededError);
    expect(provider.calls).toHaveLength(10);
  });

  it('carries the usage spent so far on an error after some steps', async () => {
    const { ServerError } = await import('../../lib/errors');
    const provider = new ScriptedProvider([{ toolCalls: [{ name: 'echo', arguments: {} }], usage: { inputTokens: 7, outputTokens: 3, totalTokens: 10 } }, { error: new ServerError('boom', { provider: 'scripted', status: 500 }) }]);
    const messages = Messages.fromUser('x');
    const error = (await new ChatBuilder().withModel(provider).withTools([echo]).withRetry(false).build().complete(messages).catch((e: unknown) => e)) as InstanceType<typeof ServerError>;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.usage).toEqual({ inputTokens: 7, outputTokens: 3, totalTokens: 10 });
    // the step that ran a tool is kept (its result is not lost)
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('aborts running tools through their signal when the caller aborts, and rejects with AbortedError', async () => {
    const started = deferred();
    let toolSignal: AbortSignal | undefined;
    const stuck = makeTool({
      name: 'stuck',
      execute: (_a, ctx) => {
        toolSignal = ctx.signal;
        started.resolve();
        return new Promise(() => undefined);
      },
    });
    const provider = new ScriptedProvider([{ toolCalls: [{ id: 's1', name: 'stuck' }] }, { text: 'never' }]);
    const controller = new AbortController();
    const messages = Messages.fromUser('x');
    const done = new ChatBuilder().withModel(provider).withTools([stuck]).build().complete(messages, { signal: controller.signal });
    await started.promise;
    controller.abort();
    await expect(done).rejects.toBeInstanceOf(AbortedError);
    expect(toolSignal?.aborted).toBe(true);
    expect(provider.calls).toHaveLength(1);
    const result = messages.toolResults()[0];
    expect(result.error?.kind).toBe('aborted');
    expect(messages.findToolCall('s1')?.status).toBe('failed');
  });

  it('applies a forced toolChoice to the first request only', async () => {
    const provider = new ScriptedProvider([{ toolCalls: [{ name: 'echo', arguments: {} }] }, { text: 'ok' }]);
    await new ChatBuilder().withModel(provider).withTools([echo]).build().complete('x', { toolChoice: 'required' });
    expect(provider.requests.map((r) => r.toolChoice)).toEqual(['required', undefined]);
  });

  it('renames a call id the conversation already holds, so every call is unique', async () => {
    const provider = new ScriptedProvider([{ toolCalls: [{ id: 'same', name: 'echo', arguments: {} }] }, { toolCalls: [{ id: 'same', name: 'echo', arguments: {} }] }, { text: 'ok' }]);
    const messages = Messages.fromUser('x');
    await new ChatBuilder().withModel(provider).withTools([echo]).build().complete(messages);
    expect(messages.toolCalls().map((c) => c.id)).toEqual(['same', 'same_2']);
    expect(messages.toolResults().map((r) => r.callId)).toEqual(['same', 'same_2']);
  });
});
