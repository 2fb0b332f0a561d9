import type { ProviderRequest } from '../core/provider.types';
import type { Usage } from '../core/usage.types';

/** Output tokens assumed for a request without `maxTokens`. */
export const DEFAULT_OUTPUT_ESTIMATE = 1024;

/**
 * A cautious estimate of a request's usage, before it is sent: about one token per 4 characters
 * of the messages, system prompt and tool schemas, plus `maxTokens` (or {@link DEFAULT_OUTPUT_ESTIMATE})
 * of output. Budgets reserve this, then settle with the real usage.
 *
 * @example
 * budgets({ limits, estimate: (request) => ({ ...estimateUsage(request), outputTokens: 256 }) })
 */
export function estimateUsage(request: ProviderRequest): Usage {
  let chars = (request.system ?? '').length;
  for (const message of request.messages) chars += JSON.stringify(message.parts).length;
  if (request.tools?.length) chars += JSON.stringify(request.tools).length;
  const inputTokens = Math.ceil(chars / 4);
  const outputTokens = request.options?.maxTokens ?? DEFAULT_OUTPUT_ESTIMATE;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}
