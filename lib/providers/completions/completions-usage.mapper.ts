import type { Usage } from '../../core/usage.types';
import { asNumber, asObject } from './completions-wire.guards';

/**
 * Maps a wire `usage` object: prompt/completion/total tokens, reasoning tokens
 * (`completion_tokens_details.reasoning_tokens`) and cached input tokens
 * (`prompt_tokens_details.cached_tokens`, or DeepSeek's `prompt_cache_hit_tokens`).
 * Returns undefined when there is no usage.
 */
export function mapUsage(raw: unknown): Usage | undefined {
  const u = asObject(raw);
  if (!u) return undefined;
  const input = asNumber(u.prompt_tokens);
  const output = asNumber(u.completion_tokens);
  const total = asNumber(u.total_tokens);
  if (input === undefined && output === undefined && total === undefined) return undefined;
  const usage: Usage = {
    inputTokens: input ?? 0,
    outputTokens: output ?? Math.max(0, (total ?? 0) - (input ?? 0)),
    totalTokens: total ?? (input ?? 0) + (output ?? 0),
  };
  const reasoning = asNumber(asObject(u.completion_tokens_details)?.reasoning_tokens);
  if (reasoning !== undefined && reasoning > 0) usage.reasoningTokens = reasoning;
  const cached = asNumber(asObject(u.prompt_tokens_details)?.cached_tokens) ?? asNumber(u.prompt_cache_hit_tokens);
  if (cached !== undefined && cached > 0) usage.cachedInputTokens = cached;
  return usage;
}

/** Usage from a body or chunk: `usage`, or Groq's `x_groq.usage`. */
export function usageOf(body: Record<string, unknown>): Usage | undefined {
  return mapUsage(body.usage) ?? mapUsage(asObject(body.x_groq)?.usage);
}

/** True when two usages hold the same counts. */
export function sameUsage(a: Usage | undefined, b: Usage | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.inputTokens === b.inputTokens &&
    a.outputTokens === b.outputTokens &&
    a.totalTokens === b.totalTokens &&
    a.reasoningTokens === b.reasoningTokens &&
    a.cachedInputTokens === b.cachedInputTokens
  );
}
