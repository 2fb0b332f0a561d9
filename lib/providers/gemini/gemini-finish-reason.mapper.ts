import type { FinishReason, UnifiedFinishReason } from '../../core/finish-reason.types';

const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);
const FAILED = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS', 'MISSING_THOUGHT_SIGNATURE']);

/**
 * Maps a Gemini `finishReason` to the unified one. Gemini says `STOP` after function calls too,
 * so `hasToolCalls` turns it into `tool-calls`.
 *
 * @example
 * mapGeminiFinishReason('MAX_TOKENS', false); // { unified: 'length', raw: 'MAX_TOKENS' }
 */
export function mapGeminiFinishReason(raw: string | undefined, hasToolCalls: boolean): FinishReason {
  let unified: UnifiedFinishReason;
  if (raw === undefined || raw === 'STOP') unified = hasToolCalls ? 'tool-calls' : 'stop';
  else if (raw === 'MAX_TOKENS') unified = 'length';
  else if (FILTERED.has(raw)) unified = 'content-filter';
  else if (FAILED.has(raw)) unified = 'error';
  else unified = 'other';
  return raw === undefined ? { unified } : { unified, raw };
}
