import type { FinishReason } from '../../core/finish-reason.types';

/** node-llama-cpp's `metadata.stopReason` values. */
export type LlamaStopReason =
  | 'eogToken'
  | 'stopGenerationTrigger'
  | 'customStopTrigger'
  | 'functionCalls'
  | 'maxTokens'
  | 'abort';

/**
 * Maps node-llama-cpp's stop reason: end of generation, a stop trigger or the end of a grammar →
 * `stop`; the token cap → `length`; function calls → `tool-calls`; an abort → `other` (raw `abort`).
 */
export function toFinishReason(stopReason: string): FinishReason {
  switch (stopReason) {
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'customStopTrigger':
      return { unified: 'stop', raw: stopReason };
    case 'maxTokens':
      return { unified: 'length', raw: stopReason };
    case 'functionCalls':
      return { unified: 'tool-calls', raw: stopReason };
    default:
      return { unified: 'other', raw: stopReason };
  }
}
