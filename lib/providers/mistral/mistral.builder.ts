import { CompletionsPresetBuilder, type CompletionsPreset } from '../completions/completions-builder.base';
import type { CompletionsEmbeddingOptions } from '../completions/completions-config.types';
import type { ChatCompletionsProvider } from '../completions/completions.provider';

/** Default base URL of Mistral. */
export const MISTRAL_BASE_URL = 'https://api.mistral.ai/v1';
/** Environment variable read for the API key. */
export const MISTRAL_API_KEY_ENV = 'MISTRAL_API_KEY';
/** Texts per Mistral embeddings request. */
export const MISTRAL_EMBEDDING_BATCH_SIZE = 128;
/** Tokens per Mistral embeddings request, all inputs together (the endpoint rejects bigger batches). */
export const MISTRAL_EMBEDDING_BATCH_TOKENS = 16_000;

/**
 * Mistral as data: its server and key variable. `quirks` is where Mistral's differences from the
 * Chat Completions wire are declared (e.g. `{ rename: 'seed', to: 'random_seed' }`,
 * `{ drop: 'stream_options' }`, `{ restrict: 'reasoning_effort', allowed: [...] }`).
 */
export const MISTRAL_PRESET: CompletionsPreset = {
  id: 'mistral',
  builder: 'MistralBuilder',
  baseUrl: MISTRAL_BASE_URL,
  apiKeyEnv: MISTRAL_API_KEY_ENV,
  defaults: { requestDialect: 'mistral' },
  quirks: [],
};

/**
 * Builds a provider for Mistral (Chat Completions wire; `thinking` content chunks become reasoning).
 * Requests follow Mistral's closed request schema (`requestDialect: 'mistral'`): `seed` is sent as
 * `random_seed`, no `stream_options`, `reasoning_effort` only `high` | `none` (others mapped or left
 * out, with a warning).
 * The key comes from `withApiKey()` or `MISTRAL_API_KEY`; without either, `build()` throws a
 * `ConfigurationError` naming `MISTRAL_API_KEY`. Type-state: `build()` compiles only after
 * `withModel()`; the provider embeds (and `chat.embed()` compiles) after `withEmbeddings()`, which
 * speaks Mistral's spelling of the options (`output_dimension` rather than `dimensions`).
 *
 * @example
 * const mistral = new MistralBuilder().withModel('mistral-small-latest').withEmbeddings('mistral-embed').build();
 * const { vectors } = await new ChatBuilder().withModel(mistral).build().embed(['Bonjour', 'Hello']);
 */
export class MistralBuilder<M extends boolean = false, E extends boolean = false> extends CompletionsPresetBuilder {
  /** Type-state (compile time only, never set): whether a model / an embedding model was set. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M; embeddings: E };
  protected readonly preset = MISTRAL_PRESET;

  /** The chat model, e.g. `mistral-small-latest`. */
  withModel(model: string): MistralBuilder<true, E> {
    this.settings.model = model;
    return this as unknown as MistralBuilder<true, E>;
  }

  /** Enables `embed()` (`POST /v1/embeddings`) with this model, e.g. `mistral-embed` or `codestral-embed`. */
  withEmbeddings(model: string, options: Omit<CompletionsEmbeddingOptions, 'dialect'> = {}): MistralBuilder<M, true> {
    this.setEmbeddings(model, { batchSize: MISTRAL_EMBEDDING_BATCH_SIZE, batchTokens: MISTRAL_EMBEDDING_BATCH_TOKENS, ...options, dialect: 'mistral' });
    return this as unknown as MistralBuilder<M, true>;
  }

  build(this: MistralBuilder<true, E>): ChatCompletionsProvider<E> {
    return this.buildProvider<E>();
  }
}
