import { filter, map, type OperatorFunction } from 'rxjs';
import type { JsonValue } from '../../core/json.types';
import type { PartialOutputEvent, StreamEvent } from '../../core/stream-event.types';

/**
 * Structured output as it forms: the object parsed so far, each time it grows. The validated
 * instance comes with `finish` (see `toResponse()` / `finalOutput()`).
 */
export function partialOutputs<T>(): OperatorFunction<StreamEvent<T>, JsonValue> {
  return (source) =>
    source.pipe(
      filter((e): e is PartialOutputEvent => e.type === 'partial-output'),
      map((e) => e.partial),
    );
}
