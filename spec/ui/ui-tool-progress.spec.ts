import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessage, type UIMessageChunk } from 'ai';
import type { StreamEvent } from '../../lib/core/stream-event.types';
import { UIMessageStreamEncoder } from '../../lib/ui';

const call: StreamEvent = { type: 'tool-call-end', call: { type: 'tool-call', id: 'c1', name: 'index_folder', arguments: { folder: 'docs' }, status: 'running' } };
const progress = (n: number, extra: { total?: number; message?: string } = {}): StreamEvent => ({ type: 'tool-progress', callId: 'c1', name: 'index_folder', progress: n, ...extra });
const result: StreamEvent = { type: 'tool-result', result: { type: 'tool-result', callId: 'c1', name: 'index_folder', content: '"indexed"' } };

function encodeAll(events: readonly StreamEvent[], encoder = new UIMessageStreamEncoder()): UIMessageChunk[] {
  return [...encoder.start(), ...events.flatMap((e) => encoder.encode(e) as UIMessageChunk[])];
}

describe('tool progress in the UI message stream', () => {
  it('becomes a transient data-tool-progress part, keyed by the call id', () => {
    const chunks = encodeAll([call, progress(1, { total: 2, message: 'docs/a' }), progress(2), result]);
    expect(chunks.filter((c) => c.type === 'data-tool-progress')).toEqual([
      { type: 'data-tool-progress', id: 'c1', data: { toolCallId: 'c1', toolName: 'index_folder', progress: 1, total: 2, message: 'docs/a' }, transient: true },
      { type: 'data-tool-progress', id: 'c1', data: { toolCallId: 'c1', toolName: 'index_folder', progress: 2 }, transient: true },
    ]);
    expect(chunks.map((c) => c.type)).toEqual(['start', 'start-step', 'tool-input-available', 'data-tool-progress', 'data-tool-progress', 'tool-output-available']);
  });

  it('is left out with sendToolProgress: false', () => {
    const chunks = encodeAll([call, progress(1), result], new UIMessageStreamEncoder({ sendToolProgress: false }));
    expect(chunks.map((c) => c.type)).toEqual(['start', 'start-step', 'tool-input-available', 'tool-output-available']);
  });

  it('the ai SDK accepts the chunks, and keeps no progress part in the message (transient)', async () => {
    const chunks = [...encodeAll([call, progress(1, { total: 2 }), progress(2, { total: 2 }), result]), { type: 'finish-step' }, { type: 'finish' }];
    const sse = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('');
    const bytes = new Response(sse).body as ReadableStream<Uint8Array>;
    const reader = parseJsonEventStream({ stream: bytes, schema: uiMessageChunkSchema }).getReader();
    const parsed: UIMessageChunk[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (!next.value.success) throw next.value.error;
      parsed.push(next.value.value);
    }
    expect(parsed.filter((c) => c.type === 'data-tool-progress')).toHaveLength(2);
    let last: UIMessage | undefined;
    const stream = new ReadableStream<UIMessageChunk>({ start: (controller) => (parsed.forEach((c) => controller.enqueue(c)), controller.close()) });
    for await (const message of readUIMessageStream({ stream })) last = message;
    expect(last?.parts.map((p) => p.type)).toEqual(['step-start', 'tool-index_folder']);
    expect(last?.parts[1]).toMatchObject({ toolCallId: 'c1', state: 'output-available', output: 'indexed' });
  });
});
