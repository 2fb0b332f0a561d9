import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessage, type UIMessageChunk as SdkChunk } from 'ai';
import { concat, lastValueFrom, of, throwError, toArray, type Observable } from 'rxjs';
import type { FinishEvent, Message, StreamEvent, ToolCallPart } from '../../lib/core';
import { AbortedError, RateLimitError } from '../../lib/errors';
import { toUIMessageChunks, toUIMessageStreamReadable, type UIMessageChunk, type UIStreamInput } from '../../lib/ui';

const usage = { inputTokens: 3, outputTokens: 5, totalTokens: 8 };
const message: Message = { role: 'assistant', parts: [] };
const finish = (extra: Partial<FinishEvent<unknown>> = {}): FinishEvent<unknown> => ({ type: 'finish', status: 'completed', finishReason: { unified: 'stop' }, usage, message, ...extra });
const call = (id: string, status: ToolCallPart['status']): ToolCallPart => ({ type: 'tool-call', id, name: 'refund', arguments: { amount: 5 }, status });

const encode = (events: Observable<UIStreamInput>, options = {}): Promise<UIMessageChunk[]> => lastValueFrom(events.pipe(toUIMessageChunks(options), toArray()));

/** Reads encoded events back the way the `ai` client does: SSE bytes → schema-checked chunks → the UI message. */
async function readBack(events: Observable<UIStreamInput>): Promise<{ chunks: SdkChunk[]; message: UIMessage | undefined }> {
  const chunks: SdkChunk[] = [];
  const reader = parseJsonEventStream({ stream: toUIMessageStreamReadable(events), schema: uiMessageChunkSchema }).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    if (!next.value.success) throw next.value.error;
    chunks.push(next.value.value);
  }
  let last: UIMessage | undefined;
  const stream = new ReadableStream<SdkChunk>({ start: (c) => (chunks.forEach((chunk) => c.enqueue(chunk)), c.close()) });
  for await (const snapshot of readUIMessageStream({ stream })) last = snapshot;
  return { chunks, message: last };
}

describe('UIMessageStreamEncoder / toUIMessageChunks', () => {
  it('opens and closes text and reasoning blocks and steps around the deltas', async () => {
    const events: StreamEvent[] = [
      { type: 'reasoning-delta', delta: 'Think' },
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
      { type: 'usage', usage },
      { type: 'step-finish', response: { message, finishReason: { unified: 'stop' }, usage } as never },
      finish(),
    ];
    expect(await encode(of(...events), { messageId: 'm1' })).toEqual([
      { type: 'start', messageId: 'm1' },
      { type: 'start-step' },
      { type: 'reasoning-start', id: 'reasoning-1' },
      { type: 'reasoning-delta', id: 'reasoning-1', delta: 'Think' },
      { type: 'reasoning-end', id: 'reasoning-1' },
      { type: 'text-start', id: 'text-2' },
      { type: 'text-delta', id: 'text-2', delta: 'Hel' },
      { type: 'text-delta', id: 'text-2', delta: 'lo' },
      { type: 'text-end', id: 'text-2' },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    const chunks = await encode(of(...events), { sendReasoning: false });
    expect(chunks.map((c) => c.type)).not.toContain('reasoning-delta');
  });

  it('passes the app\'s data parts through, and sends structured output as a data part that updates in place', async () => {
    const events: UIStreamInput[] = [
      { type: 'data-weather', id: 'w', data: { city: 'Paris', status: 'loading' } },
      { type: 'partial-output', partial: { city: 'Par' } },
      { type: 'data-weather', id: 'w', data: { city: 'Paris', celsius: 21 } },
      { type: 'data-notice', data: 'one moment', transient: true },
      { type: 'partial-output', partial: { city: 'Paris' } },
      finish({ output: { city: 'Paris', celsius: 21 } }),
    ];
    const { message: read } = await readBack(of(...events));
    expect(read?.parts).toEqual([
      { type: 'data-weather', id: 'w', data: { city: 'Paris', celsius: 21 } },
      { type: 'data-output', id: 'output', data: { city: 'Paris', celsius: 21 } },
    ]);
    expect((await encode(of(...events), { outputDataPart: false })).map((c) => c.type)).not.toContain('data-output');
  });

  it('asks approval for pending calls only (not deferred ones), and maps finish reasons', async () => {
    const chunks = await encode(
      of<StreamEvent[]>(
        { type: 'tool-call-end', call: call('a', 'pending') },
        { type: 'tool-call-end', call: call('d', 'deferred') },
        { type: 'paused', pending: [call('a', 'pending'), call('d', 'deferred')], resumeAt: 1 },
        finish({ status: 'paused', finishReason: { unified: 'refusal', raw: 'refusal' } }),
      ),
    );
    expect(chunks.filter((c) => c.type === 'tool-approval-request')).toEqual([{ type: 'tool-approval-request', approvalId: 'a', toolCallId: 'a' }]);
    expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'content-filter' });
  });

  it('a failed stream ends with an error chunk: a chat-ts error\'s message, a generic text for others, or the app\'s onError', async () => {
    const started = of<StreamEvent>({ type: 'text-delta', delta: 'Partial' });
    const rateLimited = await encode(concat(started, throwError(() => new RateLimitError('Rate limited: try again in 7 s'))));
    expect(rateLimited.slice(-2)).toEqual([{ type: 'text-end', id: 'text-1' }, { type: 'error', errorText: 'Rate limited: try again in 7 s' }]);
    const secret = await encode(throwError(() => new Error('db password=hunter2 leaked')));
    expect(secret.at(-1)).toEqual({ type: 'error', errorText: 'An error occurred.' });
    const custom = await encode(throwError(() => new Error('boom')), { onError: (e: unknown) => `failed: ${(e as Error).message}` });
    expect(custom.at(-1)).toEqual({ type: 'error', errorText: 'failed: boom' });
    const aborted = await encode(throwError(() => new AbortedError('stopped by the server')));
    expect(aborted.at(-1)).toEqual({ type: 'abort' });
    const { chunks } = await readBack(concat(started, throwError(() => new RateLimitError('Rate limited'))));
    expect(chunks.at(-1)).toEqual({ type: 'error', errorText: 'Rate limited' });
  });

  it('streams tool input between start and available, and drops input deltas of a call that never started', async () => {
    const chunks = await encode(
      of<StreamEvent[]>(
        { type: 'text-delta', delta: 'Let me look.' },
        { type: 'tool-call-delta', id: 'ghost', delta: '{"x":' },
        { type: 'tool-call-start', id: 'c1', name: 'find' },
        { type: 'tool-call-delta', id: 'c1', delta: '{"id":' },
        { type: 'tool-call-delta', id: 'c1', delta: '"A-1"}' },
        { type: 'tool-call-end', call: { ...call('c1', 'completed'), name: 'find', arguments: { id: 'A-1' } } },
      ),
    );
    expect(chunks.slice(4)).toEqual([
      { type: 'text-end', id: 'text-1' },
      { type: 'tool-input-start', toolCallId: 'c1', toolName: 'find' },
      { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"id":' },
      { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '"A-1"}' },
      { type: 'tool-input-available', toolCallId: 'c1', toolName: 'find', input: { id: 'A-1' } },
    ]);
  });

  it('tool results: JSON output parsed, text kept as text, failures as errors, rejections as denied, native calls as provider-executed', async () => {
    const result = (callId: string, content: string, extra = {}): StreamEvent => ({ type: 'tool-result', result: { type: 'tool-result', callId, name: 't', content, ...extra } });
    const chunks = await encode(
      of(
        result('j', '{"ok":true}'),
        result('s', 'plain words'),
        result('e', 'It broke', { isError: true, error: { kind: 'execution', message: 'It broke' } }),
        result('r', 'Not now', { isError: true, error: { kind: 'rejected', message: 'Not now' } }),
        result('n', '{"hits":2}', { native: true }),
      ),
    );
    expect(chunks.slice(1)).toEqual([
      { type: 'tool-output-available', toolCallId: 'j', output: { ok: true } },
      { type: 'tool-output-available', toolCallId: 's', output: 'plain words' },
      { type: 'tool-output-error', toolCallId: 'e', errorText: 'It broke' },
      { type: 'tool-output-denied', toolCallId: 'r' },
      { type: 'tool-output-available', toolCallId: 'n', output: { hits: 2 }, providerExecuted: true },
    ]);
  });
});
