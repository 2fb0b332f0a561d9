import { ResponsesBuilderBase, type ResponsesPreset } from '../responses/responses-builder.base';
import type { OpenAIEmbeddingSettings } from './openai-embeddings.mapper';
import { OpenAIProvider } from './openai.provider';

/** Default OpenAI API base URL. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Environment variable read for the API key. */
export const OPENAI_API_KEY_ENV = 'OPENAI_API_KEY';

/** OpenAI as data: the Responses family with OpenAI's server and a required key. */
export const OPENAI_PRESET: ResponsesPreset = {
  id: 'openai',
  builder: 'OpenAIBuilder',
  baseUrl: OPENAI_BASE_URL,
  apiKeyEnv: OPENAI_API_KEY_ENV,
  requiresKey: true,
  quirks: [],
};

/**
 * Builds an OpenAI provider on the Responses API. The key comes from `withApiKey()` or
 * `OPENAI_API_KEY`; `build()` compiles only after `withModel()` and fails with a
 * `ConfigurationError` naming `OPENAI_API_KEY` when there is no key.
 *
 * @example
 * const openai = new OpenAIBuilder()
 *   .withModel('gpt-5-mini')
 *   .withWebSearch()
 *   .withEmbeddings('text-embedding-3-small')
 *   .build();
 */
export class OpenAIBuilder<M extends boolean = false, E extends boolean = false> extends ResponsesBuilderBase {
  /**
   * Type-state (compile time only, never set): whether `withModel()` / `withEmbeddings()` were called
   * (`embeddings` is the built provider's `capabilities.embeddings`).
   */
  protected declare readonly typeState: { model: M; embeddings: E };
  protected readonly preset = OPENAI_PRESET;
  private embeddings?: OpenAIEmbeddingSettings;

  /** The chat model (e.g. `gpt-5-mini`); required before `build()`. */
  withModel(model: string): OpenAIBuilder<true, E> {
    this.settings.model = model;
    return this as unknown as OpenAIBuilder<true, E>;
  }

  /** Base URL of the server (default `https://api.openai.com/v1`); requests go to `<baseUrl>/responses`. */
  withBaseUrl(baseUrl: string): this {
    this.setBaseUrl(baseUrl);
    return this;
  }

  /** Another OpenAI-compatible Responses endpoint (a proxy, Azure OpenAI `/openai/v1`, a gateway). */
  withCustomUrl(url: string): this {
    return this.withBaseUrl(url);
  }

  /**
   * Enables `embed()` with this model (`POST /embeddings`); `dimensions` and `encoding` are defaults
   * per call. Only then does `chat.embed()` compile on chats of the built provider.
   */
  withEmbeddings(model: string, options: Omit<OpenAIEmbeddingSettings, 'model'> = {}): OpenAIBuilder<M, true> {
    this.embeddings = { ...options, model };
    return this as unknown as OpenAIBuilder<M, true>;
  }

  /** Builds the provider; throws `ConfigurationError` when no API key is set. */
  build(this: OpenAIBuilder<true, E>): OpenAIProvider<E> {
    return new OpenAIProvider<E>({ ...this.presetConfig(), embeddings: this.embeddings });
  }
}
