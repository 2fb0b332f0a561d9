/**
 * The Chat Completions wire (`POST /chat/completions`), as OpenAI documents it and as compatible
 * servers (DeepSeek, Cerebras, Mistral, Groq, Ollama, the Hugging Face router, ...) send it.
 * Response types are loose on purpose: real servers omit, repeat and rename fields, so mappers
 * check every value before using it.
 */

/** A content part of a request message. */
export type CompletionsContentPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image_url'; readonly image_url: { readonly url: string; readonly detail?: string } }
  | { readonly type: 'file'; readonly file: { readonly filename?: string; readonly file_data?: string } }
  | { readonly type: 'input_audio'; readonly input_audio: { readonly data: string; readonly format: string } };

/** A tool call as sent back in an assistant message. */
export interface CompletionsToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

/** A request message. */
export interface CompletionsMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string | readonly CompletionsContentPart[] | null;
  readonly tool_calls?: readonly CompletionsToolCall[];
  readonly tool_call_id?: string;
  /** DeepSeek thinking mode: reasoning of the current turn's tool loop, sent back. */
  readonly reasoning_content?: string;
}

/** A function tool. */
export interface CompletionsTool {
  readonly type: 'function';
  readonly function: {
    readonly name: string;
    readonly description?: string;
    readonly parameters: { readonly [key: string]: unknown };
    readonly strict?: boolean;
  };
}

/** A request body (the JSON sent; `providerOptions` may add any field). */
export interface CompletionsRequestBody {
  model: string;
  messages: CompletionsMessage[];
  [key: string]: unknown;
}

/** A typed content chunk of a response (Mistral sends content as an array of these). */
export interface CompletionsResponseChunk {
  readonly type?: string;
  readonly text?: unknown;
  readonly thinking?: unknown;
}

/** A tool call in a response message or a stream delta (streams add `index`; fields may be missing). */
export interface CompletionsWireToolCall {
  readonly index?: unknown;
  readonly id?: unknown;
  readonly type?: unknown;
  readonly function?: { readonly name?: unknown; readonly arguments?: unknown } | null;
}

/** A response message, or a stream delta. */
export interface CompletionsWireMessage {
  readonly role?: unknown;
  readonly content?: unknown;
  readonly reasoning_content?: unknown;
  readonly reasoning?: unknown;
  readonly refusal?: unknown;
  readonly tool_calls?: unknown;
}

/** A choice of a response or of a stream chunk. */
export interface CompletionsWireChoice {
  readonly index?: unknown;
  readonly message?: CompletionsWireMessage | null;
  readonly delta?: CompletionsWireMessage | null;
  readonly finish_reason?: unknown;
}

/** Usage as servers report it (OpenAI details, DeepSeek cache counters). */
export interface CompletionsWireUsage {
  readonly prompt_tokens?: unknown;
  readonly completion_tokens?: unknown;
  readonly total_tokens?: unknown;
  readonly prompt_tokens_details?: { readonly cached_tokens?: unknown } | null;
  readonly completion_tokens_details?: { readonly reasoning_tokens?: unknown } | null;
  readonly prompt_cache_hit_tokens?: unknown;
}

/** A whole response body or one stream chunk. */
export interface CompletionsWireBody {
  readonly id?: unknown;
  readonly model?: unknown;
  readonly object?: unknown;
  readonly choices?: unknown;
  readonly usage?: unknown;
  /** Groq repeats usage here. */
  readonly x_groq?: { readonly usage?: unknown } | null;
  /** Perplexity: cited URLs. */
  readonly citations?: unknown;
  /** Perplexity: search results with titles. */
  readonly search_results?: unknown;
  /** An error reported inside a 200 response or stream. */
  readonly error?: unknown;
}
