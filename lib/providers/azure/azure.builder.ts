import type { JsonValue } from '../../core/json.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { defaultTransport } from '../../transport/node-http.transport';
import { ChatCompletionsProvider } from '../completions/completions.provider';
import type { ChatCompletionsConfig } from '../completions/completions-config.types';
import { OpenAIProvider } from '../openai/openai.provider';
import type { ReasoningSummaryMode } from '../responses/responses-config.types';
import { AccessTokenCache, type AccessToken, type TokenProvider } from '../shared/access-token.cache';
import { HttpProviderBuilderBase, readEnv, type HttpBuilderSettings } from '../shared/http-provider-builder.base';
import { SigningTransport } from '../shared/signing.transport';
import { mapAzureError } from './azure-error.mapper';
import { azureRoot, azureSigner, familyBaseUrl, type AzureEndpoint } from './azure-request.signer';

/** Environment variable read for the API key. */
export const AZURE_OPENAI_API_KEY_ENV = 'AZURE_OPENAI_API_KEY';
/** Environment variable read for the endpoint (`https://<resource>.openai.azure.com/`). */
export const AZURE_OPENAI_ENDPOINT_ENV = 'AZURE_OPENAI_ENDPOINT';
/** Environment variable read for the resource name when no endpoint is set. */
export const AZURE_OPENAI_RESOURCE_ENV = 'AZURE_OPENAI_RESOURCE_NAME';
/** Environment variable read for the `api-version`. */
export const AZURE_OPENAI_API_VERSION_ENV = 'AZURE_OPENAI_API_VERSION';
/** The Microsoft Entra ID scope of Azure OpenAI tokens. */
export const AZURE_COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** What `@azure/identity` credentials offer (`DefaultAzureCredential`, `ManagedIdentityCredential`, ...): no import needed. */
export interface AzureTokenCredential {
  getToken(scopes: string | string[]): Promise<{ readonly token: string; readonly expiresOnTimestamp: number } | null>;
}

/** Which Azure OpenAI API the provider speaks. */
export type AzureApi = 'responses' | 'chat-completions';

/** Settings of the Responses API on Azure (see `ResponsesBuilder` for their meaning). */
export interface AzureResponsesOptions {
  readonly store?: boolean;
  readonly autoChain?: boolean;
  readonly reasoningSummary?: ReasoningSummaryMode;
  readonly parallelToolCalls?: boolean;
  readonly extraBody?: { readonly [key: string]: JsonValue };
}

/** Settings of Chat Completions on Azure (see `ChatCompletionsBuilder` for their meaning). */
export type AzureCompletionsOptions = Partial<Pick<ChatCompletionsConfig, 'strictSchemas' | 'structuredOutput' | 'maxCompletionTokens' | 'streamUsage' | 'thinkTags' | 'replayReasoning'>>;

/** What an {@link AzureOpenAIBuilder} collects (never a secret: the key and token provider live in private fields). */
export interface AzureBuilderSettings extends HttpBuilderSettings {
  endpoint?: string;
  resource?: string;
  apiVersion?: string;
  deploymentUrls?: boolean;
  api?: AzureApi;
  embeddingDeployment?: string;
  embeddingDimensions?: number;
  responses?: AzureResponsesOptions;
  completions?: AzureCompletionsOptions;
}

/** The provider an {@link AzureOpenAIBuilder} builds for its API. */
export type AzureProvider<A extends AzureApi, E extends boolean> = A extends 'chat-completions' ? ChatCompletionsProvider<E> : OpenAIProvider<E>;

/**
 * Builds a provider for Azure OpenAI (Azure AI Foundry): the Responses API (default) or Chat
 * Completions, on the v1 API (`https://<resource>.openai.azure.com/openai/v1/...`) or on
 * deployment URLs (`/openai/deployments/<deployment>/chat/completions?api-version=...`, with
 * {@link withDeploymentUrls}). The model is the deployment name.
 *
 * Credentials: an API key (`withApiKey()` or `AZURE_OPENAI_API_KEY`), sent as the `api-key`
 * header; or a Microsoft Entra ID token (`withCredential(new DefaultAzureCredential())` or
 * `withTokenProvider(fn)`), sent as `Authorization: Bearer`, asked again shortly before it expires.
 * The endpoint comes from `withResource()`, `withBaseUrl()`, `AZURE_OPENAI_ENDPOINT` or
 * `AZURE_OPENAI_RESOURCE_NAME`; `api-version` from `withApiVersion()` or `AZURE_OPENAI_API_VERSION`.
 * Content-filter refusals become `ContentFilterError`s naming the categories that fired.
 *
 * @example
 * const azure = new AzureOpenAIBuilder().withResource('my-resource').withDeployment('gpt-4.1-mini').withEmbeddings('text-embedding-3-small').build();
 * const chat = new ChatBuilder().withModel(azure).build();
 */
export class AzureOpenAIBuilder<M extends boolean = false, E extends boolean = false, A extends AzureApi = 'responses'> extends HttpProviderBuilderBase {
  /** Type-state (compile time only, never set). */
  protected declare readonly typeState: { model: M; embeddings: E; api: A };
  protected readonly settings: AzureBuilderSettings = {};
  #tokens?: TokenProvider;

  protected providerId(): string {
    return 'azure';
  }

  /** The resource name: requests go to `https://<name>.openai.azure.com/openai`. */
  withResource(name: string): this {
    if (!/^[a-z0-9][a-z0-9-]*$/i.test(name)) {
      throw new ConfigurationError(`AzureOpenAIBuilder: "${name}" is not an Azure resource name (letters, digits and hyphens)`, { provider: 'azure' });
    }
    this.settings.resource = name;
    return this;
  }

  /** The endpoint instead of a resource: `https://<resource>.openai.azure.com/`, `.../openai`, `.../openai/v1`, or a proxy. */
  withBaseUrl(url: string): this {
    this.settings.endpoint = url;
    return this;
  }

  /** The deployment to call (what Azure takes as `model`). */
  withDeployment(deployment: string): AzureOpenAIBuilder<true, E, A> {
    this.settings.model = deployment;
    return this as unknown as AzureOpenAIBuilder<true, E, A>;
  }

  /** Same as {@link withDeployment}. */
  withModel(deployment: string): AzureOpenAIBuilder<true, E, A> {
    return this.withDeployment(deployment);
  }

  /** The `api-version` query parameter, e.g. `preview` on the v1 API or `2024-10-21` with deployment URLs. */
  withApiVersion(version: string): this {
    this.settings.apiVersion = version;
    return this;
  }

  /** Deployment-based URLs (`/openai/deployments/<deployment>/...`, `api-version` required) instead of the v1 API. */
  withDeploymentUrls(enabled = true): this {
    this.settings.deploymentUrls = enabled;
    return this;
  }

  /** Speaks Chat Completions (`/chat/completions`) instead of the Responses API. */
  withChatCompletions(): AzureOpenAIBuilder<M, E, 'chat-completions'> {
    this.settings.api = 'chat-completions';
    return this as unknown as AzureOpenAIBuilder<M, E, 'chat-completions'>;
  }

  /** Enables `embed()` with this embedding deployment (e.g. `text-embedding-3-small`). */
  withEmbeddings(deployment: string, options: { readonly dimensions?: number } = {}): AzureOpenAIBuilder<M, true, A> {
    this.settings.embeddingDeployment = deployment;
    this.settings.embeddingDimensions = options.dimensions;
    return this as unknown as AzureOpenAIBuilder<M, true, A>;
  }

  /** A Microsoft Entra ID bearer token for every request, from a callback (kept until shortly before its expiry when it gives one). */
  withTokenProvider(provider: TokenProvider): this {
    this.#tokens = provider;
    return this;
  }

  /** An `@azure/identity` credential (e.g. `DefaultAzureCredential`): tokens for `scope` (default Cognitive Services), refreshed on expiry. */
  withCredential(credential: AzureTokenCredential, scope = AZURE_COGNITIVE_SERVICES_SCOPE): this {
    return this.withTokenProvider(async (): Promise<AccessToken> => {
      const token = await credential.getToken(scope);
      if (!token) throw new Error(`the Azure credential returned no token for ${scope}`);
      return { token: token.token, expiresAt: token.expiresOnTimestamp };
    });
  }

  /** Responses API settings (store, chaining, reasoning summary, parallel calls, extra body fields). */
  withResponsesOptions(options: AzureResponsesOptions): this {
    this.settings.responses = { ...this.settings.responses, ...options };
    return this;
  }

  /** Chat Completions settings (strict schemas, structured output mode, `max_completion_tokens`, ...). */
  withCompletionsOptions(options: AzureCompletionsOptions): this {
    this.settings.completions = { ...this.settings.completions, ...options };
    return this;
  }

  build(this: AzureOpenAIBuilder<true, E, A>): AzureProvider<A, E> {
    const s = this.settings;
    const model = s.model;
    if (!model) throw new ConfigurationError('AzureOpenAIBuilder: no deployment (call withDeployment())', { provider: 'azure' });
    const resource = s.resource ?? (s.endpoint ? undefined : readEnv([AZURE_OPENAI_RESOURCE_ENV], true));
    const endpoint = s.endpoint ?? (s.resource ? undefined : readEnv([AZURE_OPENAI_ENDPOINT_ENV], true));
    const url = endpoint ?? (resource ? `https://${resource}.openai.azure.com` : undefined);
    if (!url) {
      throw new ConfigurationError(
        `AzureOpenAIBuilder: no endpoint; call withResource() or withBaseUrl(), or set ${AZURE_OPENAI_ENDPOINT_ENV} or ${AZURE_OPENAI_RESOURCE_ENV}`,
        { provider: 'azure' },
      );
    }
    const apiVersion = s.apiVersion ?? readEnv([AZURE_OPENAI_API_VERSION_ENV], true);
    const deploymentUrls = s.deploymentUrls === true;
    if (deploymentUrls && !apiVersion) {
      throw new ConfigurationError(`AzureOpenAIBuilder: deployment URLs need an api-version (call withApiVersion() or set ${AZURE_OPENAI_API_VERSION_ENV})`, { provider: 'azure' });
    }
    const azure: AzureEndpoint = { root: azureRoot(url), apiVersion, deploymentUrls };
    const connection = this.connection({
      builder: 'AzureOpenAIBuilder',
      provider: 'azure',
      defaultBaseUrl: familyBaseUrl(azure),
      apiKeyEnv: [AZURE_OPENAI_API_KEY_ENV],
      trimEnv: true,
      missingKey: this.#tokens
        ? undefined
        : `AzureOpenAIBuilder: no credentials; set ${AZURE_OPENAI_API_KEY_ENV}, call withApiKey(), or give an Entra ID token with withCredential() / withTokenProvider()`,
    });
    const tokens = this.#tokens ? new AccessTokenCache(this.#tokens, { clock: connection.clock }) : undefined;
    const transport = new SigningTransport(connection.transport ?? defaultTransport(), azureSigner(azure, tokens));
    const headers = tokens || !connection.apiKey ? connection.headers : { ...connection.headers, 'api-key': connection.apiKey };
    const common = {
      id: 'azure',
      baseUrl: connection.baseUrl,
      model,
      headers,
      transport,
      idleTimeout: connection.idleTimeout,
      timeout: connection.timeout,
      clock: connection.clock,
      mapError: (res: Parameters<typeof mapAzureError>[1]) => mapAzureError('azure', res),
    };
    if (s.api === 'chat-completions') {
      return new ChatCompletionsProvider<E>({
        ...s.completions,
        ...common,
        embeddingModel: s.embeddingDeployment,
      }) as AzureProvider<A, E>;
    }
    return new OpenAIProvider<E>({
      ...s.responses,
      ...common,
      embeddings: s.embeddingDeployment ? { model: s.embeddingDeployment, dimensions: s.embeddingDimensions } : undefined,
    }) as AzureProvider<A, E>;
  }
}
