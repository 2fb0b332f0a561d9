import type { FinishReason, UnifiedFinishReason } from '../../core/finish-reason.types';

const UNIFIED: Record<string, UnifiedFinishReason> = {
  stop: 'stop',
  eos: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  max_tokens: 'length',
  model_length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  tool_call: 'tool-calls',
  content_filter: 'content-filter',
  insufficient_system_resource: 'error',
  error: 'error',
};

/**
 * Maps `finish_reason` to the unified value, keeping the raw one. When the server sent none,
 * it is inferred (tool calls, else stop) and `raw` stays undefined. A refusal wins over `stop`.
 */
export function mapFinishReason(raw: string | undefined, hasToolCalls: boolean, refused: boolean): FinishReason {
  if (refused && (raw === undefined || raw === 'stop')) return { unified: 'refusal', raw };
  if (raw === undefined) return { unified: hasToolCalls ? 'tool-calls' : 'stop' };
  const unified = UNIFIED[raw.toLowerCase()] ?? 'other';
  // Some servers say `stop` while returning tool calls; the calls are what matters.
  return { unified: unified === 'stop' && hasToolCalls ? 'tool-calls' : unified, raw };
}
