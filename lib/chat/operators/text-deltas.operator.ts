import { filter, map, type OperatorFunction } from 'rxjs';
import type { StreamEvent, TextDeltaEvent } from '../../core/stream-event.types';

/**
 * Only the answer text, piece by piece.
 *
 * @example
 * chat.stream(messages).pipe(textDeltas()).subscribe((text) => process.stdout.write(text));
 */
export function textDeltas<T>(): OperatorFunction<StreamEvent<T>, string> {
  return (source) =>
    source.pipe(
      filter((e): e is TextDeltaEvent => e.type === 'text-delta'),
      map((e) => e.delta),
    );
}
