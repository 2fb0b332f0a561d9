import type { JsonObject } from '../core/json.types';

/** One event of a run as relayed: its stream entry id (the SSE `id`, what `Last-Event-ID` names) and the event as JSON. */
export interface RelayedEvent {
  readonly id: string;
  /** The chat stream event (`text-delta`, `tool-result`, `finish`, ...) as JSON, or the final `run-end`. */
  readonly event: JsonObject & { readonly type: string };
}

/** How a relayed run ended. */
export type RunOutcome = 'completed' | 'stopped' | 'failed';

/** The last event of every relayed run. */
export interface RunEndEvent {
  readonly type: 'run-end';
  readonly outcome: RunOutcome;
  /** The run's error (`failed`), as `ChatError.toJSON()` gives it. */
  readonly error?: JsonObject;
}
