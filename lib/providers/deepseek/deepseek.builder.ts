import { CompletionsPresetBuilder, type CompletionsPreset } from '../completions/completions-builder.base';
import type { ChatCompletionsProvider } from '../completions/completions.provider';

/** Default base URL of DeepSeek. */
export const DEEPSEEK_BASE_URL = 'https://api.deepseek.com/v1';

/** DeepSeek as data: its server, key variable and defaults (thinking mode wants `reasoning_content` back). */
export const DEEPSEEK_PRESET: CompletionsPreset = {
  id: 'deepseek',
  builder: 'DeepSeekBuilder',
  baseUrl: DEEPSEEK_BASE_URL,
  apiKeyEnv: 'DEEPSEEK_API_KEY',
  defaults: { replayReasoning: true },
  quirks: [],
};

/**
 * Builds a provider for DeepSeek (Chat Completions wire). The key comes from `withApiKey()` or `DEEPSEEK_API_KEY`;
 * without either, `build()` throws a `ConfigurationError` naming `DEEPSEEK_API_KEY`.
 * Type-state: `build()` compiles only after `withModel()`.
 * In thinking mode DeepSeek requires the `reasoning_content` of tool-calling turns back; this preset sends it.
 *
 * @example
 * const provider = new DeepSeekBuilder().withModel('deepseek-chat').build();
 */
export class DeepSeekBuilder<M extends boolean = false> extends CompletionsPresetBuilder {
  /** Type-state (compile time only, never set): whether a model was set. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M };
  protected readonly preset = DEEPSEEK_PRESET;

  /** The chat model, e.g. `deepseek-chat`. */
  withModel(model: string): DeepSeekBuilder<true> {
    this.settings.model = model;
    return this as unknown as DeepSeekBuilder<true>;
  }

  /** DeepSeek has no embeddings API: the provider's type says so, and `chat.embed()` does not compile. */
  build(this: DeepSeekBuilder<true>): ChatCompletionsProvider<false> {
    return this.buildProvider<false>();
  }
}
