import type { MessageEvent } from '@nestjs/common';
import { catchError, EMPTY, map, of, type Observable, type OperatorFunction } from 'rxjs';
import type { StreamEvent } from '../core/stream-event.types';
import { chatErrorResponse, unknownErrorBody, type ChatErrorBody } from './chat-error.http';

/** The data of the terminal event of a failed stream: the body `ChatErrorFilter` would have answered. */
export interface ChatSseErrorData {
  readonly type: 'error';
  /** Marks the end of the stream, unlike a retry's non-fatal `error` chat event (which has `attempt`). */
  readonly fatal: true;
  readonly error: ChatErrorBody;
}

/**
 * Ends a stream that fails with a last event instead of a broken connection: the error becomes a
 * `MessageEvent` whose `data` is `{ type: 'error', fatal: true, error }`, `error` being the body
 * `ChatErrorFilter` answers (status, message, name, `retryAfterSeconds`; never a stack). An
 * `AbortedError` (the client went away) ends the stream quietly; an error that is not chat-ts's
 * gets a generic 500 body. Use it last in an `@Sse()` handler's pipe.
 *
 * @example
 * @Sse('stream')
 * stream(@Query('q') q: string): Observable<MessageEvent> {
 *   return this.chat.stream(q).pipe(map((event) => ({ data: event })), catchChatErrorAsSse());
 * }
 */
export function catchChatErrorAsSse<T>(): OperatorFunction<T, T | MessageEvent> {
  return catchError((error: unknown): Observable<MessageEvent> => {
    const answer = chatErrorResponse(error);
    if (answer === null) return EMPTY;
    const data: ChatSseErrorData = { type: 'error', fatal: true, error: answer === undefined ? unknownErrorBody() : answer.body };
    return of({ data });
  });
}

/** A chat event as JSON-safe data: errors (retries, router fallbacks) in their safe `toJSON()` form. */
function eventData(event: StreamEvent<unknown>): object {
  if (event.type === 'error' || event.type === 'provider-fallback') return { ...event, error: event.error.toJSON() };
  return event;
}

/**
 * A chat stream as server-sent events for an `@Sse()` handler: each chat event as a `MessageEvent`
 * with the event as `data` (errors in their safe JSON form), and a failure as a last
 * `{ type: 'error', fatal: true, error }` event (see `catchChatErrorAsSse`).
 *
 * @example
 * @Sse('stream')
 * stream(@Query('q') q: string): Observable<MessageEvent> {
 *   return this.chat.stream(q).pipe(toSseEvents());
 * }
 */
export function toSseEvents<T>(): OperatorFunction<StreamEvent<T>, MessageEvent> {
  return (source) => source.pipe(map((event): MessageEvent => ({ data: eventData(event as StreamEvent<unknown>) })), catchChatErrorAsSse<MessageEvent>());
}
