import type { Usage } from '../../core/usage.types';
import type { WireUsage } from './responses-wire.types';

/** Maps Responses usage (`input_tokens`, `output_tokens`, details) to chat-ts usage. */
export function mapResponsesUsage(usage: WireUsage | null | undefined): Usage {
  const inputTokens = usage?.input_tokens ?? 0;
  const outputTokens = usage?.output_tokens ?? 0;
  const out: Usage = { inputTokens, outputTokens, totalTokens: usage?.total_tokens ?? inputTokens + outputTokens };
  const reasoning = usage?.output_tokens_details?.reasoning_tokens;
  const cached = usage?.input_tokens_details?.cached_tokens;
  if (typeof reasoning === 'number') out.reasoningTokens = reasoning;
  if (typeof cached === 'number') out.cachedInputTokens = cached;
  return out;
}
