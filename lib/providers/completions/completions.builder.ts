import type { CompletionsEmbeddingOptions, StructuredOutputMode } from './completions-config.types';
import { CompletionsBuilderBase, type CompletionsPreset } from './completions-builder.base';
import type { ChatCompletionsProvider } from './completions.provider';

/** Any server on the Chat Completions wire: no default base URL, an optional key. */
export const COMPLETIONS_PRESET: CompletionsPreset = { id: 'completions', builder: 'ChatCompletionsBuilder' };

/**
 * Builds a {@link ChatCompletionsProvider} for any server on the Chat Completions wire.
 * Type-state: `build()` compiles only after `withBaseUrl()` and `withModel()`; the provider embeds
 * (and `chat.embed()` compiles) after `withEmbeddings()`.
 *
 * @example
 * const provider = new ChatCompletionsBuilder()
 *   .withBaseUrl('https://api.together.xyz/v1')
 *   .withApiKey(process.env.TOGETHER_API_KEY!)
 *   .withModel('meta-llama/Llama-3.3-70B-Instruct-Turbo')
 *   .build();
 */
export class ChatCompletionsBuilder<M extends boolean = false, U extends boolean = false, E extends boolean = false> extends CompletionsBuilderBase {
  /** Type-state (compile time only, never set): whether a model / base URL / embedding model was set. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M; baseUrl: U; embeddings: E };
  protected readonly preset = COMPLETIONS_PRESET;

  /** Base URL ending before `/chat/completions`, e.g. `http://localhost:8000/v1`. */
  withBaseUrl(baseUrl: string): ChatCompletionsBuilder<M, true, E> {
    this.settings.baseUrl = baseUrl;
    return this as unknown as ChatCompletionsBuilder<M, true, E>;
  }

  /** The chat model. */
  withModel(model: string): ChatCompletionsBuilder<true, U, E> {
    this.settings.model = model;
    return this as unknown as ChatCompletionsBuilder<true, U, E>;
  }

  /**
   * Enables `embed()` (`POST {baseUrl}/embeddings`) with this model; `dialect: 'mistral'` for
   * servers that spell the options as Mistral does.
   */
  withEmbeddings(model: string, options: CompletionsEmbeddingOptions = {}): ChatCompletionsBuilder<M, U, true> {
    this.setEmbeddings(model, options);
    return this as unknown as ChatCompletionsBuilder<M, U, true>;
  }

  /** Provider id shown in responses and errors (default `completions`). */
  withProviderId(id: string): this {
    this.settings.id = id;
    return this;
  }

  /** How structured output is requested: `json_schema` (default), `json_object` or `ollama-format`. */
  withStructuredOutputMode(mode: StructuredOutputMode): this {
    this.settings.structuredOutput = mode;
    return this;
  }

  /** Sends `max_completion_tokens` instead of `max_tokens` (OpenAI reasoning models). */
  withMaxCompletionTokens(): this {
    this.settings.maxCompletionTokens = true;
    return this;
  }

  /** Splits `<think>…</think>` text out of the answer into reasoning. */
  withThinkTags(on = true): this {
    this.settings.thinkTags = on;
    return this;
  }

  build(this: ChatCompletionsBuilder<true, true, E>): ChatCompletionsProvider<E> {
    return this.buildProvider<E>();
  }
}
