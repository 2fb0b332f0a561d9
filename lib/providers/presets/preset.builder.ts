import { ConfigurationError } from '../../errors/configuration.error';
import { CompletionsPresetBuilder, type CompletionsPreset } from '../completions/completions-builder.base';
import type { CompletionsEmbeddingOptions } from '../completions/completions-config.types';
import type { ChatCompletionsProvider } from '../completions/completions.provider';
import { OPENAI_COMPATIBLE_PRESETS, type PresetName } from './openai-compatible.presets';

/**
 * Builds a provider for an OpenAI-compatible service from its preset (data: base URL, key
 * variable, defaults, quirks): `new PresetBuilder('groq')`, or any {@link CompletionsPreset} of
 * your own. Every Chat Completions builder option applies (`withQuirks()`, `withConfig()`, ...).
 * Type-state: `build()` compiles only after `withModel()`; `chat.embed()` only after `withEmbeddings()`.
 *
 * @example
 * const groq = new PresetBuilder('groq').withModel('llama-3.3-70b-versatile').build(); // GROQ_API_KEY
 * const local = new PresetBuilder('vllm').withBaseUrl('http://gpu-box:8000/v1').withModel('Qwen/Qwen3-8B').build();
 */
export class PresetBuilder<M extends boolean = false, E extends boolean = false> extends CompletionsPresetBuilder {
  protected declare readonly typeState: { model: M; embeddings: E };
  protected readonly preset: CompletionsPreset;

  constructor(preset: PresetName | CompletionsPreset) {
    super();
    if (typeof preset === 'string') {
      const found = (OPENAI_COMPATIBLE_PRESETS as Readonly<Record<string, CompletionsPreset>>)[preset];
      if (!found) {
        throw new ConfigurationError(`PresetBuilder: no preset "${preset}" (known: ${Object.keys(OPENAI_COMPATIBLE_PRESETS).join(', ')})`, { provider: String(preset) });
      }
      this.preset = found;
    } else {
      this.preset = preset;
    }
  }

  /** The chat model, as the service names it. */
  withModel(model: string): PresetBuilder<true, E> {
    this.settings.model = model;
    return this as unknown as PresetBuilder<true, E>;
  }

  /** Enables `embed()` (`POST /embeddings`) with this model. */
  withEmbeddings(model: string, options: CompletionsEmbeddingOptions = {}): PresetBuilder<M, true> {
    this.setEmbeddings(model, options);
    return this as unknown as PresetBuilder<M, true>;
  }

  build(this: PresetBuilder<true, E>): ChatCompletionsProvider<E> {
    return this.buildProvider<E>();
  }
}
