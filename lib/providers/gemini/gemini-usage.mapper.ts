import type { Usage } from '../../core/usage.types';
import type { GeminiUsageMetadata } from './gemini-wire.types';

/**
 * Maps `usageMetadata`: input = prompt (+ tool-use prompt) tokens, output = candidates + thoughts
 * (thoughts also reported as `reasoningTokens`), cached = `cachedContentTokenCount`.
 */
export function mapGeminiUsage(metadata: GeminiUsageMetadata | undefined): Usage {
  const prompt = metadata?.promptTokenCount ?? 0;
  const toolPrompt = metadata?.toolUsePromptTokenCount ?? 0;
  const candidates = metadata?.candidatesTokenCount ?? 0;
  const thoughts = metadata?.thoughtsTokenCount;
  const inputTokens = prompt + toolPrompt;
  const outputTokens = candidates + (thoughts ?? 0);
  const usage: Usage = { inputTokens, outputTokens, totalTokens: metadata?.totalTokenCount ?? inputTokens + outputTokens };
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  if (metadata?.cachedContentTokenCount !== undefined) usage.cachedInputTokens = metadata.cachedContentTokenCount;
  return usage;
}
