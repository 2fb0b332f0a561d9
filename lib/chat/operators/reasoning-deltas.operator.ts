import { filter, map, type OperatorFunction } from 'rxjs';
import type { ReasoningDeltaEvent, StreamEvent } from '../../core/stream-event.types';

/** Only the reasoning ("thinking") text, piece by piece. */
export function reasoningDeltas<T>(): OperatorFunction<StreamEvent<T>, string> {
  return (source) =>
    source.pipe(
      filter((e): e is ReasoningDeltaEvent => e.type === 'reasoning-delta'),
      map((e) => e.delta),
    );
}
