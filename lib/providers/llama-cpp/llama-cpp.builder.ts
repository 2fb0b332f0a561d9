import type { Clock } from '../../core/clock.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { LlamaCppModel } from './llama-cpp.model';
import type { LlamaCppChatFormat, LlamaCppEmbeddingOptions, LlamaCppGpu, LlamaCppLogLevel, LlamaCppModelOptions } from './llama-cpp.options';
import { LlamaCppProvider } from './llama-cpp.provider';

type Settings = Partial<LlamaCppModelOptions> & { readonly loaded?: LlamaCppModel; readonly clock?: Clock };

/**
 * Builds a {@link LlamaCppProvider}: a local GGUF model run in this process. `build()` is async
 * (it loads the model once) and only compiles after `withModelPath()` (or `withLoadedModel()`).
 * node-llama-cpp is an optional peer dependency, loaded on `build()`; it never downloads anything
 * and never builds llama.cpp: the prebuilt CPU binary is used unless a GPU is asked for.
 *
 * @example
 * const provider = await new LlamaCppBuilder()
 *   .withModelPath('models/qwen2.5-0.5b-instruct-q4_k_m.gguf')
 *   .withContextSize(4096)
 *   .withGpu('auto')
 *   .build();
 */
export class LlamaCppBuilder<M extends boolean = false> {
  /** Type-state (compile time only, never set): whether a model was given. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M };
  private readonly settings: Settings;

  constructor(settings: Settings = {}) {
    this.settings = settings;
  }

  private with<N extends boolean = M>(changes: Settings): LlamaCppBuilder<N> {
    return new LlamaCppBuilder<N>({ ...this.settings, ...changes });
  }

  /** Path of the `.gguf` model file. */
  withModelPath(modelPath: string): LlamaCppBuilder<true> {
    return this.with<true>({ modelPath, loaded: undefined });
  }

  /** Uses a model already loaded (shared between providers); the provider will not dispose it. */
  withLoadedModel(model: LlamaCppModel): LlamaCppBuilder<true> {
    return this.with<true>({ loaded: model });
  }

  /** Model id reported in responses (default: the file name). */
  withModelName(modelName: string): LlamaCppBuilder<M> {
    return this.with({ modelName });
  }

  /** Tokens per sequence (default: between 1,024 and min(trained size, 4,096), as memory allows). */
  withContextSize(contextSize: number): LlamaCppBuilder<M> {
    return this.with({ contextSize });
  }

  /** CPU threads per context (default 1 on machines with 4 cores or fewer). */
  withThreads(threads: number): LlamaCppBuilder<M> {
    return this.with({ threads });
  }

  /** GPU use: `off` (default, CPU binary), `auto`, or a backend; layers offloaded (default `auto`). */
  withGpu(gpu: LlamaCppGpu, gpuLayers?: number | 'auto' | 'max'): LlamaCppBuilder<M> {
    return this.with({ gpu, gpuLayers });
  }

  /** Tokens evaluated per batch. */
  withBatchSize(batchSize: number): LlamaCppBuilder<M> {
    return this.with({ batchSize });
  }

  /** Default sampling seed (a request's `seed` wins). */
  withSeed(seed: number): LlamaCppBuilder<M> {
    return this.with({ seed });
  }

  /** Requests generating at once, each on its own context sequence (default 2). */
  withSequences(sequences: number): LlamaCppBuilder<M> {
    return this.with({ sequences });
  }

  /** Requests allowed to wait when all sequences are busy (default 16); more fail with `QueueFullError`. */
  withQueueLimit(queueLimit: number): LlamaCppBuilder<M> {
    return this.with({ queueLimit });
  }

  /** Default cap on generated tokens when a request sets none (default: what is left of the context after the prompt). */
  withMaxTokens(maxTokens: number): LlamaCppBuilder<M> {
    return this.with({ maxTokens });
  }

  /**
   * Embeddings through `provider.embed()` / `chat.embed()`. The loaded model embeds too, on its own
   * embedding context created on first use, so a provider embeds without this call as well; it
   * records the embedding setup (for symmetry with the HTTP builders' `withEmbeddings()`).
   *
   * @example
   * const local = await new LlamaCppBuilder().withModelPath('model.gguf').withEmbeddings({ contextSize: 512 }).build();
   * const { vectors } = await new ChatBuilder().withModel(local).build().embed(['a text', 'another']);
   */
  withEmbeddings(options: LlamaCppEmbeddingOptions = {}): LlamaCppBuilder<M> {
    return options.contextSize === undefined ? this.with({}) : this.with({ embeddingContextSize: options.contextSize });
  }

  /** Tokens per embedding input (default: the context size). Same as `withEmbeddings({ contextSize })`. */
  withEmbeddingContextSize(embeddingContextSize: number): LlamaCppBuilder<M> {
    return this.with({ embeddingContextSize });
  }

  /** llama.cpp log level (default `warn`). */
  withLogLevel(logLevel: LlamaCppLogLevel): LlamaCppBuilder<M> {
    return this.with({ logLevel });
  }

  /** Prompt format (default `auto`, read from the model's chat template; naming it loads faster). */
  withChatFormat(chatFormat: LlamaCppChatFormat): LlamaCppBuilder<M> {
    return this.with({ chatFormat });
  }

  /** Time source of request timeouts. */
  withClock(clock: Clock): LlamaCppBuilder<M> {
    return this.with({ clock });
  }

  /** The model options collected so far (for `LlamaCppModel.load`). */
  toModelOptions(this: LlamaCppBuilder<true>): LlamaCppModelOptions {
    const { loaded, clock, ...options } = this.settings;
    void loaded;
    void clock;
    if (!options.modelPath) throw new ConfigurationError('llama-cpp: withModelPath() is required', { provider: 'llama-cpp' });
    return { ...options, modelPath: options.modelPath };
  }

  /** Loads the model only, to share it between several providers (`withLoadedModel`). */
  buildModel(this: LlamaCppBuilder<true>): Promise<LlamaCppModel> {
    return LlamaCppModel.load(this.toModelOptions());
  }

  /** Loads the model (once) and returns the provider; `provider.dispose()` frees the model. */
  async build(this: LlamaCppBuilder<true>): Promise<LlamaCppProvider> {
    const { loaded, clock } = this.settings;
    if (loaded) return new LlamaCppProvider({ model: loaded, ownsModel: false, clock });
    return new LlamaCppProvider({ model: await this.buildModel(), ownsModel: true, clock });
  }
}
