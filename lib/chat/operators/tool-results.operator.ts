import { filter, map, type OperatorFunction } from 'rxjs';
import type { ToolResultPart } from '../../core/content-part.types';
import type { StreamEvent, ToolResultEvent } from '../../core/stream-event.types';

/** Each tool result (successes, errors and rejections), as the model will see it. */
export function toolResults<T>(): OperatorFunction<StreamEvent<T>, ToolResultPart> {
  return (source) =>
    source.pipe(
      filter((e): e is ToolResultEvent => e.type === 'tool-result'),
      map((e) => e.result),
    );
}
