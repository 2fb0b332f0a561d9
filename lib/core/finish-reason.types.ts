/** Why a model stopped, unified across providers. */
export type UnifiedFinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'refusal'
  | 'pause'
  | 'error'
  | 'other';

/** A unified finish reason with the provider's own value beside it. */
export interface FinishReason {
  readonly unified: UnifiedFinishReason;
  /** The provider's raw value, e.g. `end_turn`, `MAX_TOKENS`, `tool_calls`. */
  readonly raw?: string;
}
