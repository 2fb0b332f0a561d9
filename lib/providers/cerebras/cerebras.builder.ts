import { CompletionsPresetBuilder, type CompletionsPreset } from '../completions/completions-builder.base';
import type { ChatCompletionsProvider } from '../completions/completions.provider';

/** Default base URL of Cerebras. */
export const CEREBRAS_BASE_URL = 'https://api.cerebras.ai/v1';

/** Cerebras as data: its server, key variable and defaults (it takes `max_completion_tokens`). */
export const CEREBRAS_PRESET: CompletionsPreset = {
  id: 'cerebras',
  builder: 'CerebrasBuilder',
  baseUrl: CEREBRAS_BASE_URL,
  apiKeyEnv: 'CEREBRAS_API_KEY',
  defaults: { maxCompletionTokens: true },
  quirks: [],
};

/**
 * Builds a provider for Cerebras (Chat Completions wire). The key comes from `withApiKey()` or `CEREBRAS_API_KEY`;
 * without either, `build()` throws a `ConfigurationError` naming `CEREBRAS_API_KEY`.
 * Type-state: `build()` compiles only after `withModel()`.
 * Cerebras takes `max_completion_tokens`, which this preset sends.
 *
 * @example
 * const provider = new CerebrasBuilder().withModel('llama3.1-8b').build();
 */
export class CerebrasBuilder<M extends boolean = false> extends CompletionsPresetBuilder {
  /** Type-state (compile time only, never set): whether a model was set. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M };
  protected readonly preset = CEREBRAS_PRESET;

  /** The chat model, e.g. `llama3.1-8b`. */
  withModel(model: string): CerebrasBuilder<true> {
    this.settings.model = model;
    return this as unknown as CerebrasBuilder<true>;
  }

  /** Cerebras has no embeddings API: the provider's type says so, and `chat.embed()` does not compile. */
  build(this: CerebrasBuilder<true>): ChatCompletionsProvider<false> {
    return this.buildProvider<false>();
  }
}
