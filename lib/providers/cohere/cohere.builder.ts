import { ConfigurationError } from '../../errors/configuration.error';
import { HttpProviderBuilderBase, type HttpBuilderSettings } from '../shared/http-provider-builder.base';
import { COHERE_PROVIDER_ID } from './cohere-request.mapper';
import { CohereProvider } from './cohere.provider';

/** Default base URL of Cohere's API. */
export const COHERE_BASE_URL = 'https://api.cohere.com';
/** Environment variables read for the API key, in order. */
export const COHERE_API_KEY_ENV = ['CO_API_KEY', 'COHERE_API_KEY'] as const;

/** What a {@link CohereBuilder} collects (never a secret). */
export interface CohereBuilderSettings extends HttpBuilderSettings {
  embeddingModel?: string;
}

/**
 * Builds a Cohere provider on Cohere's native v2 API (`/v2/chat`, `/v2/embed`). The key comes from
 * `withApiKey()`, `CO_API_KEY` or `COHERE_API_KEY` (sent as `Authorization: Bearer`); without one,
 * `build()` throws a `ConfigurationError`. Type-state: `build()` compiles only after `withModel()`;
 * the provider embeds after `withEmbeddings()`.
 *
 * @example
 * const cohere = new CohereBuilder().withModel('command-a-03-2025').withEmbeddings('embed-v4.0').build();
 * const answer = await new ChatBuilder().withModel(cohere).build().chat('Hello');
 */
export class CohereBuilder<M extends boolean = false, E extends boolean = false> extends HttpProviderBuilderBase {
  protected declare readonly typeState: { model: M; embeddings: E };
  protected readonly settings: CohereBuilderSettings = {};

  protected providerId(): string {
    return COHERE_PROVIDER_ID;
  }

  /** The chat model, e.g. `command-a-03-2025`, `command-a-reasoning-08-2025`. */
  withModel(model: string): CohereBuilder<true, E> {
    this.settings.model = model;
    return this as unknown as CohereBuilder<true, E>;
  }

  /** Another server (a proxy, a private deployment, the emulator); paths `/v2/chat` and `/v2/embed` are added. */
  withBaseUrl(url: string): this {
    this.settings.baseUrl = url;
    return this;
  }

  /** Enables `embed()` (`POST /v2/embed`) with this model, e.g. `embed-v4.0`. */
  withEmbeddings(model: string): CohereBuilder<M, true> {
    this.settings.embeddingModel = model;
    return this as unknown as CohereBuilder<M, true>;
  }

  build(this: CohereBuilder<true, E>): CohereProvider<E> {
    const s = this.settings;
    if (!s.model) throw new ConfigurationError('CohereBuilder: no model (call withModel())', { provider: COHERE_PROVIDER_ID });
    const connection = this.connection({
      builder: 'CohereBuilder',
      provider: COHERE_PROVIDER_ID,
      defaultBaseUrl: COHERE_BASE_URL,
      apiKeyEnv: COHERE_API_KEY_ENV,
      trimEnv: true,
      missingKey: `CohereBuilder: no API key; call withApiKey() or set ${COHERE_API_KEY_ENV.join(' or ')}`,
    });
    return new CohereProvider<E>({ ...connection, model: s.model, embeddingModel: s.embeddingModel });
  }
}
