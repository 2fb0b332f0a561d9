import { CompletionsBuilderBase } from '../completions/completions-builder.base';
import type { CompletionsEmbeddingOptions } from '../completions/completions-config.types';
import { ChatCompletionsProvider } from '../completions/completions.provider';

/** Default base URL of the Hugging Face Inference Providers router. */
export const HUGGINGFACE_BASE_URL = 'https://router.huggingface.co/v1';

/**
 * Builds a provider for the Hugging Face Inference Providers router (Chat Completions wire). The key comes from `withApiKey()` or `HF_TOKEN`;
 * without either, `build()` throws a `ConfigurationError` naming `HF_TOKEN`.
 * Type-state: `build()` compiles only after `withModel()`. The router has no `/v1/embeddings`;
 * `withEmbeddings()` is for an Inference Endpoint (text-embeddings-inference) set with `withBaseUrl()`.
 * `<think>…</think>` text (DeepSeek-R1 and similar models on the router) is split into reasoning.
 *
 * @example
 * const provider = new HuggingFaceBuilder().withModel('deepseek-ai/DeepSeek-R1-0528').build();
 */
export class HuggingFaceBuilder<M extends boolean = false, E extends boolean = false> extends CompletionsBuilderBase {
  /** Type-state (compile time only, never set): whether a model / an embedding model was set. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M; embeddings: E };

  /** Overrides the base URL (a proxy, a regional endpoint, the emulator). */
  withBaseUrl(baseUrl: string): this {
    this.settings.baseUrl = baseUrl;
    return this;
  }

  /** The chat model, e.g. `deepseek-ai/DeepSeek-R1-0528`. */
  withModel(model: string): HuggingFaceBuilder<true, E> {
    this.settings.model = model;
    return this as unknown as HuggingFaceBuilder<true, E>;
  }

  /** Enables `embed()` (`POST {baseUrl}/embeddings`) on an endpoint that serves it. */
  withEmbeddings(model: string, options: CompletionsEmbeddingOptions = {}): HuggingFaceBuilder<M, true> {
    this.setEmbeddings(model, options);
    return this as unknown as HuggingFaceBuilder<M, true>;
  }

  build(this: HuggingFaceBuilder<true, E>): ChatCompletionsProvider<E> {
    const config = this.resolve({ builder: 'HuggingFaceBuilder', id: 'huggingface', baseUrl: HUGGINGFACE_BASE_URL, apiKeyEnv: 'HF_TOKEN' });
    return new ChatCompletionsProvider<E>({ thinkTags: true, ...config });
  }
}
