import type { Usage } from '../../core/usage.types';
import type { ClaudeUsage } from './claude-wire.types';

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Folds a later usage report into an earlier one. Claude reports usage in pieces while streaming
 * (`message_start`, then cumulative `message_delta` figures): a field present in the later report
 * replaces the earlier value, a missing or null one keeps it.
 */
export function mergeClaudeUsage(earlier: ClaudeUsage, later: ClaudeUsage | undefined): ClaudeUsage {
  if (!later) return earlier;
  const out: ClaudeUsage = { ...earlier };
  for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
    const value = count(later[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Maps Claude usage to chat-ts usage. Claude's `input_tokens` excludes cached tokens, so
 * `inputTokens` adds cache reads and cache writes back (the whole prompt, as other providers count
 * it); `cachedInputTokens` and `cacheCreationTokens` are the parts of it served from / written to
 * the prompt cache.
 */
export function mapClaudeUsage(usage: ClaudeUsage | undefined): Usage {
  const uncached = count(usage?.input_tokens) ?? 0;
  const cacheRead = count(usage?.cache_read_input_tokens);
  const cacheWrite = count(usage?.cache_creation_input_tokens);
  const output = count(usage?.output_tokens) ?? 0;
  const input = uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const out: Usage = { inputTokens: input, outputTokens: output, totalTokens: input + output };
  if (cacheRead !== undefined) out.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) out.cacheCreationTokens = cacheWrite;
  return out;
}
