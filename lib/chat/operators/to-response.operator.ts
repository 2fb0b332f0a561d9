import { Observable, type OperatorFunction } from 'rxjs';
import type { ToolCallPart, ToolResultPart } from '../../core/content-part.types';
import type { StreamEvent } from '../../core/stream-event.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { ChatResponse } from '../chat.types';

/**
 * Collects a stream into the `ChatResponse` that `complete()` would have returned, emitted once at
 * `finish`.
 *
 * @example
 * const reply = await lastValueFrom(chat.stream(messages).pipe(toResponse()));
 */
export function toResponse<T>(): OperatorFunction<StreamEvent<T>, ChatResponse<T>> {
  return (source) =>
    new Observable<ChatResponse<T>>((subscriber) => {
      let pending: readonly ToolCallPart[] = [];
      let resumeAt: number | undefined;
      const results: ToolResultPart[] = [];
      const warnings: string[] = [];
      let done = false;
      const subscription = source.subscribe({
        next: (event) => {
          if (event.type === 'tool-result') results.push(event.result);
          else if (event.type === 'warning') warnings.push(event.message);
          else if (event.type === 'paused') (pending = event.pending), (resumeAt = event.resumeAt);
          else if (event.type === 'finish') {
            done = true;
            const text = event.message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
            subscriber.next({
              status: event.status,
              text,
              output: event.output as T,
              message: event.message,
              messages: event.messages ?? [event.message],
              usage: event.usage,
              finishReason: event.finishReason,
              metadata: event.metadata ?? event.message.metadata ?? { model: 'unknown', provider: 'unknown' },
              pendingToolCalls: pending,
              ...(resumeAt !== undefined ? { resumeAt } : {}),
              toolResults: results,
              ...(warnings.length > 0 ? { warnings } : {}),
            });
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (!done) subscriber.error(new InvalidResponseError('The stream completed without a finish event'));
          else subscriber.complete();
        },
      });
      return () => subscription.unsubscribe();
    });
}
