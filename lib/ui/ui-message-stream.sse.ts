import type { UIMessageChunk } from './ui-message-chunk.types';

/**
 * The response headers of a UI message stream: server-sent events, not cached nor buffered by a
 * proxy, and `x-vercel-ai-ui-message-stream: v1`, which names the protocol.
 */
export const UI_MESSAGE_STREAM_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
});

/** The event that ends a UI message stream. */
export const UI_MESSAGE_STREAM_DONE = 'data: [DONE]\n\n';

/**
 * One chunk as a server-sent event: `data: <json>` and a blank line.
 *
 * @example
 * response.write(formatUIMessageSse({ type: 'text-delta', id: 'text-1', delta: 'Hi' }));
 */
export function formatUIMessageSse(chunk: UIMessageChunk): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** A UI message stream chunk as the `MessageEvent` of a Nest `@Sse()` handler (`{ data }`). */
export interface UIMessageSseEvent {
  readonly data: UIMessageChunk | '[DONE]';
}
