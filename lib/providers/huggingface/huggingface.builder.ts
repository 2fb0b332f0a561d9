import { CompletionsBuilderBase } from '../completions/completions-builder.base';
import { ChatCompletionsProvider } from '../completions/completions.provider';

/** Default base URL of the Hugging Face Inference Providers router. */
export const HUGGINGFACE_BASE_URL = 'https://router.huggingface.co/v1';

/**
 * Builds a provider for the Hugging Face Inference Providers router (Chat Completions wire). The key comes from `withApiKey()` or `HF_TOKEN`;
 * without either, `build()` throws a `ConfigurationError` naming `HF_TOKEN`.
 * Type-state: `build()` compiles only after `withModel()`.
 * `<think>…</think>` text (DeepSeek-R1 and similar models on the router) is split into reasoning.
 *
 * @example
 * const provider = new HuggingFaceBuilder().withModel('deepseek-ai/DeepSeek-R1-0528').build();
 */
export class HuggingFaceBuilder<M extends boolean = false> extends CompletionsBuilderBase {
  /** @internal type-state: whether a model was set. */
  protected declare readonly typeState: { model: M };

  /** Overrides the base URL (a proxy, a regional endpoint, the emulator). */
  withBaseUrl(baseUrl: string): this {
    this.settings.baseUrl = baseUrl;
    return this;
  }

  /** The chat model, e.g. `deepseek-ai/DeepSeek-R1-0528`. */
  withModel(model: string): HuggingFaceBuilder<true> {
    this.settings.model = model;
    return this as unknown as HuggingFaceBuilder<true>;
  }

  build(this: HuggingFaceBuilder<true>): ChatCompletionsProvider {
    const config = this.resolve({ builder: 'HuggingFaceBuilder', id: 'huggingface', baseUrl: HUGGINGFACE_BASE_URL, apiKeyEnv: 'HF_TOKEN' });
    return new ChatCompletionsProvider({ thinkTags: true, ...config });
  }
}
