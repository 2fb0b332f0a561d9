/** Token counts of one or more model requests. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Reasoning tokens, included in `outputTokens` where the provider counts them so. */
  reasoningTokens?: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedInputTokens?: number;
  /** Input tokens written to the prompt cache (Claude). */
  cacheCreationTokens?: number;
  totalTokens: number;
}
