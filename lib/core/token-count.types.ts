/** How a token count was obtained. */
export type TokenCountSource =
  /** The provider's own counting endpoint (Anthropic `messages/count_tokens`, Gemini `countTokens`): exact. */
  | 'provider'
  /** A local tokenizer (`js-tiktoken`) with the model's encoding: exact for OpenAI models' text, an estimate for tools and for other model families. */
  | 'tokenizer'
  /** `js-tiktoken` is not installed: about 4 characters per token, an estimate. */
  | 'heuristic';

/** The input tokens a request would use. */
export interface TokenCount {
  /** Input tokens of the request: messages, system prompt and tool definitions. */
  readonly inputTokens: number;
  /** True when the provider counted (`source: 'provider'`). */
  readonly exact: boolean;
  readonly source: TokenCountSource;
  /** The model the count is for. */
  readonly model: string;
}
