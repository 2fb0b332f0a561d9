import type { StructuredOutputMode } from './completions-config.types';
import { CompletionsBuilderBase } from './completions-builder.base';
import { ChatCompletionsProvider } from './completions.provider';

/**
 * Builds a {@link ChatCompletionsProvider} for any server on the Chat Completions wire.
 * Type-state: `build()` compiles only after `withBaseUrl()` and `withModel()`.
 *
 * @example
 * const provider = new ChatCompletionsBuilder()
 *   .withBaseUrl('https://api.together.xyz/v1')
 *   .withApiKey(process.env.TOGETHER_API_KEY!)
 *   .withModel('meta-llama/Llama-3.3-70B-Instruct-Turbo')
 *   .build();
 */
export class ChatCompletionsBuilder<M extends boolean = false, U extends boolean = false> extends CompletionsBuilderBase {
  /** @internal type-state: whether a model / base URL was set. */
  protected declare readonly typeState: { model: M; baseUrl: U };

  /** Base URL ending before `/chat/completions`, e.g. `http://localhost:8000/v1`. */
  withBaseUrl(baseUrl: string): ChatCompletionsBuilder<M, true> {
    this.settings.baseUrl = baseUrl;
    return this as unknown as ChatCompletionsBuilder<M, true>;
  }

  /** The chat model. */
  withModel(model: string): ChatCompletionsBuilder<true, U> {
    this.settings.model = model;
    return this as unknown as ChatCompletionsBuilder<true, U>;
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

  build(this: ChatCompletionsBuilder<true, true>): ChatCompletionsProvider {
    return new ChatCompletionsProvider(this.resolve({ builder: 'ChatCompletionsBuilder', id: 'completions' }));
  }
}
