import { getEventListeners } from 'node:events';
import { firstValueFrom, lastValueFrom, retry, take, toArray } from 'rxjs';
import { ChatBuilder, textDeltas, toolCalls, toResponse, type FinishInfo } from '../../lib/chat';
import type { StreamEvent } from '../../lib/core/stream-event.types';
import { Messages } from '../../lib/core/messages';
import { AbortedError, ConcurrentRunError, NetworkError } from '../../lib/errors';
import { ScriptedProvider, type ScriptedReply } from '../support/scripted.provider';
import { deferred, makeTool } from '../support/test-tools';

const echo = makeTool({ name: 'echo', execute: (args) => `echo:${JSON.stringify(args)}` });
const toolTurn: ScriptedReply[] = [{ text: 'Let me check.', toolCalls: [{ id: 'e1', name: 'echo', arguments: { q: 1 } }] }, { text: 'All done here.' }];

function collect<T>(events: StreamEvent<T>[]): string[] {
  return events.map((e) => e.type);
}

describe('stream', () => {
  it('forwards model events, runs tools mid-stream and ends with exactly one finish', async () => {
    const chat = new ChatBuilder().withModel(new ScriptedProvider(toolTurn)).withTools([echo]).build();
    const events = await lastValueFrom(chat.stream(Messages.fromUser('hi')).pipe(toArray()));
    expect(collect(events)).toEqual([
      'text-delta', 'text-delta', 'text-delta', 'text-delta',
      'tool-call-start', 'tool-call-delta', 'tool-call-delta', 'tool-call-end', 'usage', 'step-finish',
      'tool-result',
      'text-delta', 'text-delta', 'text-delta', 'text-delta', 'usage', 'step-finish',
      'finish',
    ]);
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.status).toBe('completed');
    expect(finish.usage.totalTokens).toBe(30);
    expect(finish.output).toBe('All done here.');
    expect(finish.messages?.map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant']);
  });

  it('leaves the conversation exactly as complete() would', async () => {
    const viaComplete = Messages.fromUser('hi');
    await new ChatBuilder().withModel(new ScriptedProvider(toolTurn)).withTools([echo]).build().complete(viaComplete);
    const viaStream = Messages.fromUser('hi');
    await lastValueFrom(new ChatBuilder().withModel(new ScriptedProvider(toolTurn)).withTools([echo]).build().stream(viaStream));
    expect(viaStream.toArray()).toEqual(viaComplete.toArray());
  });

  it('offers operators: text only, tool calls, and the collected response', async () => {
    const chat = () => new ChatBuilder().withModel(new ScriptedProvider(toolTurn)).withTools([echo]).build();
    expect((await lastValueFrom(chat().stream('hi').pipe(textDeltas(), toArray()))).join('')).toBe('Let me check.All done here.');
    expect((await lastValueFrom(chat().stream('hi').pipe(toolCalls(), toArray()))).map((c) => c.name)).toEqual(['echo']);
    const response = await lastValueFrom(chat().stream('hi').pipe(toResponse()));
    expect(response.text).toBe('All done here.');
    expect(response.toolResults.map((r) => r.content)).toEqual(['echo:{"q":1}']);
    expect(response.messages).toHaveLength(3);
  });

  it('is cold: nothing is requested before subscribing, each subscription is its own request', async () => {
    const provider = new ScriptedProvider([{ text: 'one' }]);
    const chat = new ChatBuilder().withModel(provider).build();
    const stream$ = chat.stream('hi');
    expect(provider.calls).toHaveLength(0);
    await lastValueFrom(stream$);
    await lastValueFrom(stream$);
    expect(provider.calls).toHaveLength(2);
    expect(provider.calls.every((c) => c.mode === 'stream')).toBe(true);
  });

  it('unsubscribing aborts the provider request and keeps the partial turn as interrupted, and onFinish fires', async () => {
    const provider = new ScriptedProvider([{ text: 'A long answer that keeps coming', chunkSize: 2, chunkDelayMs: 5 }]);
    const finished: FinishInfo[] = [];
    const chat = new ChatBuilder().withModel(provider).onFinish((info) => void finished.push(info)).build();
    const messages = Messages.fromUser('hi');
    const first = await lastValueFrom(chat.stream(messages).pipe(textDeltas(), take(3), toArray()));
    expect(first).toEqual(['A ', 'lo', 'ng']);
    expect(provider.calls[0].aborted).toBe(true);
    expect(provider.calls[0].request.signal?.aborted).toBe(true);
    const last = messages.last();
    expect(last?.status).toBe('interrupted');
    expect(last?.parts).toEqual([{ type: 'text', text: 'A long' }]);
    expect(finished).toHaveLength(1);
    expect(finished[0].status).toBe('interrupted');
    expect(finished[0].error).toBeInstanceOf(AbortedError);
    expect(finished[0].messages).toEqual([last]);
  });

  it('unsubscribing aborts running tools, and reports the usage seen so far', async () => {
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
    const provider = new ScriptedProvider([{ toolCalls: [{ id: 's', name: 'stuck' }], usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 } }]);
    const onFinish = jest.fn();
    const messages = Messages.fromUser('x');
    const sub = new ChatBuilder().withModel(provider).withTools([stuck]).build().stream(messages, { onFinish }).subscribe();
    await started.promise;
    sub.unsubscribe();
    expect(toolSignal?.aborted).toBe(true);
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ status: 'interrupted', usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 } }));
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messages.toolResults()[0].error?.kind).toBe('aborted');
    // the conversation is free again
    await expect(new ChatBuilder().withModel(new ScriptedProvider([{ text: 'ok' }])).build().complete(messages.user('again'))).resolves.toBeDefined();
  });

  it('a transport error mid-stream errors with the typed error and keeps the partial turn', async () => {
    const provider = new ScriptedProvider([{ text: 'Partial answer', chunkSize: 4, failAfterEvents: 2, error: new NetworkError('connection reset', { provider: 'scripted' }) }]);
    const onFinish = jest.fn();
    const messages = Messages.fromUser('x');
    const error = await lastValueFrom(new ChatBuilder().withModel(provider).build().stream(messages, { onFinish }).pipe(textDeltas())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(messages.last()).toMatchObject({ role: 'assistant', status: 'interrupted', parts: [{ type: 'text', text: 'Partial ' }] });
    expect(onFinish).toHaveBeenCalledTimes(1);
    expect(onFinish.mock.calls[0][0].error).toBe(error);
  });

  it('retry() replaces the interrupted turn instead of adding one, and does not re-run finished tools', async () => {
    let toolRuns = 0;
    const counted = makeTool({ name: 'counted', execute: () => ++toolRuns });
    const provider = new ScriptedProvider((_req, i) =>
      i === 0
        ? { toolCalls: [{ id: 'c', name: 'counted' }] }
        : i === 1
          ? { text: 'broken answer', failAfterEvents: 2, error: new NetworkError('reset', { provider: 'scripted' }) }
          : { text: 'good answer' },
    );
    const messages = Messages.fromUser('x');
    const chat = new ChatBuilder().withModel(provider).withTools([counted]).build();
    const finish = await lastValueFrom(chat.stream(messages).pipe(retry(2)));
    expect(finish.type).toBe('finish');
    expect(toolRuns).toBe(1);
    expect(messages.toArray().map((m) => `${m.role}:${m.status ?? ''}`)).toEqual(['user:', 'assistant:completed', 'tool:', 'assistant:completed']);
    expect(messages.last()?.parts).toEqual([{ type: 'text', text: 'good answer' }]);
    expect(provider.calls[2].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('subscribing twice to one stream never duplicates the turn', async () => {
    const provider = new ScriptedProvider([{ text: 'first' }, { text: 'second' }]);
    const messages = Messages.fromUser('x');
    const stream$ = new ChatBuilder().withModel(provider).build().stream(messages);
    await lastValueFrom(stream$);
    await lastValueFrom(stream$);
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages.last()?.parts).toEqual([{ type: 'text', text: 'second' }]);
    expect(provider.calls[1].messages).toHaveLength(1);
  });

  it("the caller's AbortSignal ends the stream with AbortedError and leaves no listener behind", async () => {
    const provider = new ScriptedProvider([{ hang: true }]);
    const controller = new AbortController();
    const chat = new ChatBuilder().withModel(provider).build();
    const done = lastValueFrom(chat.stream('x', { signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 5));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await expect(done).rejects.toBeInstanceOf(AbortedError);
    expect(provider.calls[0].aborted).toBe(true);

    const kept = new AbortController();
    await lastValueFrom(new ChatBuilder().withModel(new ScriptedProvider([{ text: 'ok' }])).build().stream('x', { signal: kept.signal }));
    expect(getEventListeners(kept.signal, 'abort')).toHaveLength(0);
    await new ChatBuilder().withModel(new ScriptedProvider([{ text: 'ok' }])).build().complete('x', { signal: kept.signal });
    expect(getEventListeners(kept.signal, 'abort')).toHaveLength(0);
  });

  it('a second run on the same conversation while one streams is a ConcurrentRunError', async () => {
    const chat = new ChatBuilder().withModel(new ScriptedProvider([{ text: 'slow', delayMs: 20 }])).build();
    const messages = Messages.fromUser('x');
    const first = lastValueFrom(chat.stream(messages));
    await expect(firstValueFrom(chat.stream(messages))).rejects.toBeInstanceOf(ConcurrentRunError);
    await expect(chat.complete(messages)).rejects.toBeInstanceOf(ConcurrentRunError);
    await first;
    expect(messages.toArray().map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('streams through complete() when the provider cannot stream', async () => {
    const provider = new ScriptedProvider(toolTurn, { capabilities: { streaming: false } });
    const chat = new ChatBuilder().withModel(provider).withTools([echo]).build();
    const events = await lastValueFrom(chat.stream('x').pipe(toArray()));
    expect(provider.calls.every((c) => c.mode === 'complete')).toBe(true);
    expect(collect(events)).toEqual(['text-delta', 'tool-call-start', 'tool-call-end', 'usage', 'step-finish', 'tool-result', 'text-delta', 'usage', 'step-finish', 'finish']);
  });
});
