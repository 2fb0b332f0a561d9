import type { ServerResponse } from 'node:http';
import { concat, map, of, type Observable, type OperatorFunction } from 'rxjs';
import type { UIStreamInput } from './ui-message-stream.encoder';
import { toUIMessageChunks } from './ui-message-stream.operator';
import type { UIMessageStreamOptions } from './ui-message-stream.options';
import { formatUIMessageSse, UI_MESSAGE_STREAM_DONE, UI_MESSAGE_STREAM_HEADERS, type UIMessageSseEvent } from './ui-message-stream.sse';

/** Encoder options, plus the status and extra headers of the response. */
export interface UIMessageStreamResponseOptions extends UIMessageStreamOptions {
  /** Default 200. */
  readonly status?: number;
  /** Added to (and overriding) {@link UI_MESSAGE_STREAM_HEADERS}. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Writes a chat stream to a Node response as a UI message stream: the protocol's headers, one
 * server-sent event per chunk, `data: [DONE]`. When the client goes away first, the stream is
 * unsubscribed, which aborts the model request. Resolves once the response is ended or closed.
 * Works with plain `node:http` and with the Express/Fastify response a Nest handler gets from `@Res()`.
 *
 * @example
 * createServer(async (request, response) => {
 *   await pipeUIMessageStreamToResponse(chat.stream(Messages.fromUser('Hello')), response);
 * });
 */
export function pipeUIMessageStreamToResponse(events: Observable<UIStreamInput>, response: ServerResponse, options: UIMessageStreamResponseOptions = {}): Promise<void> {
  return new Promise<void>((resolve) => {
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      if (!response.writableEnded) response.end(UI_MESSAGE_STREAM_DONE);
      resolve();
    };
    response.writeHead(options.status ?? 200, { ...UI_MESSAGE_STREAM_HEADERS, ...options.headers });
    response.flushHeaders();
    const subscription = events.pipe(toUIMessageChunks(options)).subscribe({
      next: (chunk) => void response.write(formatUIMessageSse(chunk)),
      error: end,
      complete: end,
    });
    response.once('close', () => {
      if (ended) return;
      ended = true;
      subscription.unsubscribe();
      resolve();
    });
  });
}

/**
 * A chat stream as the bytes of a UI message stream (server-sent events ending with `data: [DONE]`),
 * for frameworks that answer with a web `Response`. Cancelling the stream aborts the model request.
 *
 * @example
 * return new Response(toUIMessageStreamReadable(chat.stream(messages)), { headers: UI_MESSAGE_STREAM_HEADERS });
 */
export function toUIMessageStreamReadable(events: Observable<UIStreamInput>, options: UIMessageStreamOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let unsubscribe: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const subscription = events.pipe(toUIMessageChunks(options)).subscribe({
        next: (chunk) => controller.enqueue(encoder.encode(formatUIMessageSse(chunk))),
        error: (error: unknown) => controller.error(error),
        complete: () => {
          controller.enqueue(encoder.encode(UI_MESSAGE_STREAM_DONE));
          controller.close();
        },
      });
      unsubscribe = () => subscription.unsubscribe();
    },
    cancel() {
      unsubscribe?.();
    },
  });
}

/**
 * A chat stream as the events of a Nest `@Sse()` handler speaking the UI message stream protocol:
 * each chunk as `{ data: chunk }`, then `{ data: '[DONE]' }`. Add the protocol header with
 * `@Header('x-vercel-ai-ui-message-stream', 'v1')`. `@Sse()` answers GET only; `useChat` posts, so
 * for it use a `@Post()` handler with {@link pipeUIMessageStreamToResponse}.
 *
 * @example
 * @Sse('ui-stream')
 * @Header('x-vercel-ai-ui-message-stream', 'v1')
 * stream(@Query('q') q: string): Observable<UIMessageSseEvent> {
 *   return this.chat.stream(q).pipe(toUIMessageSseEvents());
 * }
 */
export function toUIMessageSseEvents(options: UIMessageStreamOptions = {}): OperatorFunction<UIStreamInput, UIMessageSseEvent> {
  return (source) => concat(source.pipe(toUIMessageChunks(options), map((chunk): UIMessageSseEvent => ({ data: chunk }))), of<UIMessageSseEvent>({ data: '[DONE]' }));
}
