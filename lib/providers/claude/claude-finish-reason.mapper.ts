import type { FinishReason, UnifiedFinishReason } from '../../core/finish-reason.types';

const STOP_REASONS: Readonly<Record<string, UnifiedFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'refusal',
  pause_turn: 'pause',
};

/**
 * Maps Claude's `stop_reason` to the unified finish reason, keeping the raw value:
 * `end_turn`/`stop_sequence` → `stop`, `max_tokens` → `length`, `tool_use` → `tool-calls`,
 * `refusal` → `refusal`, `pause_turn` → `pause`; anything else (or none) → `other`.
 */
export function mapClaudeStopReason(stopReason: string | null | undefined): FinishReason {
  if (stopReason === null || stopReason === undefined || stopReason === '') return { unified: 'other' };
  return { unified: STOP_REASONS[stopReason] ?? 'other', raw: stopReason };
}
