import { filter, map, type OperatorFunction } from 'rxjs';
import type { FinishEvent, StreamEvent } from '../../core/stream-event.types';

/** The validated structured output (or the text), emitted once when the turn completes; nothing for a paused turn. */
export function finalOutput<T>(): OperatorFunction<StreamEvent<T>, T> {
  return (source) =>
    source.pipe(
      filter((e): e is FinishEvent<T> => e.type === 'finish' && e.status === 'completed'),
      map((e) => e.output as T),
    );
}
