import { CompletionsPresetBuilder, type CompletionsPreset } from '../completions/completions-builder.base';
import type { CompletionsEmbeddingOptions } from '../completions/completions-config.types';
import { ChatCompletionsProvider } from '../completions/completions.provider';
import { assertHuggingFacePolicy, modelWithPolicy, type HuggingFacePolicy } from './huggingface-policy';

/** Default base URL of the Hugging Face Inference Providers router. */
export const HUGGINGFACE_BASE_URL = 'https://router.huggingface.co/v1';

/** The Hugging Face router as data: its server, key variable and defaults (`<think>` tags become reasoning). */
export const HUGGINGFACE_PRESET: CompletionsPreset = {
  id: 'huggingface',
  builder: 'HuggingFaceBuilder',
  baseUrl: HUGGINGFACE_BASE_URL,
  apiKeyEnv: 'HF_TOKEN',
  defaults: { thinkTags: true },
  quirks: [],
};

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
export class HuggingFaceBuilder<M extends boolean = false, E extends boolean = false> extends CompletionsPresetBuilder {
  /** Type-state (compile time only, never set): whether a model / an embedding model was set. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M; embeddings: E };
  protected readonly preset = HUGGINGFACE_PRESET;
  private policy?: string;

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

  /**
   * The router's provider policy, sent as the model id's suffix (`model:fastest`): `fastest`,
   * `cheapest`, `preferred`, or a provider name (`groq`, `together`, ...). A suffix already in the
   * model id must agree with it.
   */
  withPolicy(policy: HuggingFacePolicy): this {
    assertHuggingFacePolicy(policy);
    this.policy = policy;
    return this;
  }

  build(this: HuggingFaceBuilder<true, E>): ChatCompletionsProvider<E> {
    const config = this.presetConfig();
    return new ChatCompletionsProvider<E>({ ...config, model: modelWithPolicy(config.model, this.policy) });
  }
}
