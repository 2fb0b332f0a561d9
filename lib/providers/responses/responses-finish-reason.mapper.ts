import type { ContentPart } from '../../core/content-part.types';
import type { FinishReason } from '../../core/finish-reason.types';

/**
 * The unified finish reason of a response: `incomplete` responses map their
 * `incomplete_details.reason` (`max_output_tokens` → length, `content_filter` → content-filter);
 * completed ones are `tool-calls` when they hold client tool calls, `refusal` when the model
 * refused, `stop` otherwise.
 */
export function mapResponsesFinishReason(
  status: string | undefined,
  incompleteReason: string | undefined,
  parts: readonly ContentPart[],
  refused: boolean,
): FinishReason {
  if (status === 'incomplete') {
    if (incompleteReason === 'max_output_tokens' || incompleteReason === 'max_tokens') return { unified: 'length', raw: incompleteReason };
    if (incompleteReason === 'content_filter') return { unified: 'content-filter', raw: incompleteReason };
    return { unified: 'other', raw: incompleteReason ?? 'incomplete' };
  }
  if (parts.some((p) => p.type === 'tool-call' && !p.native)) return { unified: 'tool-calls', raw: status ?? 'completed' };
  if (refused) return { unified: 'refusal', raw: 'refusal' };
  if (status === undefined || status === 'completed') return { unified: 'stop', raw: status ?? 'completed' };
  return { unified: 'other', raw: status };
}
