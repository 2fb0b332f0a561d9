import { ConfigurationError } from '../../errors/configuration.error';
import { registerSecret } from '../../errors/secret-registry';
import { ResponsesBuilderBase } from '../responses/responses-builder.base';
import type { OpenAIEmbeddingSettings } from './openai-embeddings.mapper';
import { OpenAIProvider } from './openai.provider';

/** Default OpenAI API base URL. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Environment variable read for the API key. */
export const OPENAI_API_KEY_ENV = 'OPENAI_API_KEY';

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
export class OpenAIBuilder<M extends boolean = false> extends ResponsesBuilderBase {
  /** Type-state marker: whether `withModel()` was called. */
  declare protected readonly modelChosen: M;
  private embeddings?: OpenAIEmbeddingSettings;

  /** The chat model (e.g. `gpt-5-mini`); required before `build()`. */
  withModel(model: string): OpenAIBuilder<true> {
    this.settings.model = model;
    return this as unknown as OpenAIBuilder<true>;
  }

  /** Another OpenAI-compatible Responses endpoint (a proxy, Azure OpenAI `/openai/v1`, a gateway). */
  withCustomUrl(url: string): this {
    return this.withBaseUrl(url);
  }

  /** Enables `embed()` with this model (`POST /embeddings`); `dimensions` and `encoding` are defaults per call. */
  withEmbeddings(model: string, options: Omit<OpenAIEmbeddingSettings, 'model'> = {}): this {
    this.embeddings = { ...options, model };
    return this;
  }

  /** Builds the provider; throws `ConfigurationError` when no API key is set. */
  build(this: OpenAIBuilder<true>): OpenAIProvider {
    if (!this.settings.model) throw new ConfigurationError('openai: withModel() is required', { provider: 'openai' });
    const apiKey = this.settings.apiKey ?? process.env[OPENAI_API_KEY_ENV];
    if (!apiKey) {
      throw new ConfigurationError(`OpenAI API key missing: call withApiKey() or set ${OPENAI_API_KEY_ENV}`, { provider: 'openai' });
    }
    registerSecret(apiKey);
    return new OpenAIProvider({
      ...this.config('openai', this.settings.baseUrl ?? OPENAI_BASE_URL, apiKey),
      embeddings: this.embeddings,
    });
  }
}
