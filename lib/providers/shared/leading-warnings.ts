import { mergeMap, type Observable } from 'rxjs';
import type { ModelStreamEvent } from '../../core/stream-event.types';

/**
 * A stream that emits `warning` events for what the request mapping changed (a setting dropped,
 * a value mapped) just before its first event; the stream itself when there is nothing to say.
 *
 * @example
 * return withLeadingWarnings(this.openStream(...), mapped.warnings);
 */
export function withLeadingWarnings(events: Observable<ModelStreamEvent>, warnings: readonly string[]): Observable<ModelStreamEvent> {
  if (warnings.length === 0) return events;
  const notes = warnings.map((message): ModelStreamEvent => ({ type: 'warning', message }));
  return events.pipe(mergeMap((event, index) => (index === 0 ? [...notes, event] : [event])));
}
