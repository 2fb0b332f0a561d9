import { CompletionsPresetBuilder, type CompletionsPreset } from '../completions/completions-builder.base';
import { resolveOllamaHost } from './ollama-host.resolver';
import type { OllamaPullProgress } from './ollama-config.types';
import { OllamaProvider } from './ollama.provider';

/** Ollama as data: the server from `OLLAMA_HOST` (else `http://localhost:11434`), an optional key. */
export const OLLAMA_PRESET: CompletionsPreset = {
  id: 'ollama',
  builder: 'OllamaBuilder',
  baseUrl: () => `${resolveOllamaHost()}/v1`,
  apiKeyEnv: 'OLLAMA_API_KEY',
  requiresKey: false,
  defaults: {},
  quirks: [],
};

/**
 * Builds an {@link OllamaProvider}. The server defaults to `OLLAMA_HOST` (as the Ollama CLI reads it)
 * or `http://localhost:11434`; no key is needed (one is sent when given, e.g. for ollama.com).
 * Type-state: `build()` compiles only after `withModel()`; the provider embeds (and `chat.embed()`
 * compiles) after `withEmbeddings()`.
 *
 * @example
 * const ollama = new OllamaBuilder().withModel('llama3.2').withEmbeddings('nomic-embed-text').build();
 */
export class OllamaBuilder<M extends boolean = false, E extends boolean = false> extends CompletionsPresetBuilder {
  /** Type-state (compile time only, never set): whether a model / an embedding model was set. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M; embeddings: E };
  protected readonly preset = OLLAMA_PRESET;
  private embeddingApi: 'native' | 'compatible' = 'native';
  private ensure?: { readonly onProgress?: (progress: OllamaPullProgress) => void };

  /** The chat model, e.g. `llama3.2`. */
  withModel(model: string): OllamaBuilder<true, E> {
    this.settings.model = model;
    return this as unknown as OllamaBuilder<true, E>;
  }

  /** Enables `embed()`; through the native `/api/embed` (default) or the compatible `/v1/embeddings`. */
  withEmbeddings(model: string, api: 'native' | 'compatible' = 'native'): OllamaBuilder<M, true> {
    this.embeddingApi = api;
    this.setEmbeddings(model);
    return this as unknown as OllamaBuilder<M, true>;
  }

  /**
   * Makes sure the model (and the embedding model) is on the server before its first request, as
   * the Ollama CLI does: ping, list, and pull when missing, with `onProgress` receiving the pull's
   * progress lines (`status`, `completed`, `total`). One check per model, shared by concurrent requests.
   */
  withEnsureModel(onProgress?: (progress: OllamaPullProgress) => void): this {
    this.ensure = { onProgress };
    return this;
  }

  build(this: OllamaBuilder<true, E>): OllamaProvider<E> {
    return new OllamaProvider<E>({ ...this.presetConfig(), embeddingApi: this.embeddingApi, ...(this.ensure ? { ensureModel: this.ensure } : {}) });
  }
}
