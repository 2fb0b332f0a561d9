import { filter, map, type OperatorFunction } from 'rxjs';
import type { ToolCallPart } from '../../core/content-part.types';
import type { StreamEvent, ToolCallEndEvent } from '../../core/stream-event.types';

/** Each tool call the model makes, once its arguments are complete. */
export function toolCalls<T>(): OperatorFunction<StreamEvent<T>, ToolCallPart> {
  return (source) =>
    source.pipe(
      filter((e): e is ToolCallEndEvent => e.type === 'tool-call-end'),
      map((e) => e.call),
    );
}
