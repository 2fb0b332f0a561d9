import type { Clock } from '../../core/clock.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { NativeTool } from '../../core/tool.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
import type { GeminiThinkingOptions } from './gemini-request.mapper';
import type { GeminiSchemaDialect } from './gemini-schema.adapter';
import { GEMINI_API_KEY_ENV, GEMINI_DEFAULT_BASE_URL, GEMINI_PROVIDER_ID } from './gemini.constants';
import { GeminiProvider, type GeminiProviderConfig } from './gemini.provider';

/** Options of {@link GeminiBuilder.withGoogleMaps}. */
export interface GoogleMapsOptions {
  /** Where the user is, for "near me" questions (`toolConfig.retrievalConfig.latLng`). */
  readonly latitude?: number;
  readonly longitude?: number;
  /** Ask for a Maps widget context token in the grounding metadata. */
  readonly enableWidget?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The settings methods of {@link HttpProviderBuilderBase} whose documentation is specific to Gemini. */
export interface GeminiBuilder<M extends boolean = false> {
  /** The API key (default: `GEMINI_API_KEY`). Sent as the `x-goog-api-key` header only. */
  withApiKey(apiKey: string): this;
  /** Stream idle timeout in ms (default 60 s). */
  withIdleTimeout(ms: number): this;
  /** The clock for timeouts (a virtual clock in tests). */
  withClock(clock: Clock): this;
}

/**
 * Builds a {@link GeminiProvider}. `build()` compiles only after `withModel()`; the API key comes
 * from `withApiKey()` or the `GEMINI_API_KEY` environment variable (a missing key fails at `build()`).
 *
 * @example
 * const gemini = new GeminiBuilder()
 *   .withModel('gemini-2.5-flash')
 *   .withGoogleSearch()
 *   .withEmbeddings('gemini-embedding-001')
 *   .build();
 */
export class GeminiBuilder<M extends boolean = false> extends HttpProviderBuilderBase {
  /** Type-state (compile time only, never set): whether `withModel()` was called. Protected, so declaration emit keeps its type. */
  protected declare readonly typeState: { model: M };
  protected readonly settings: Mutable<Partial<Omit<GeminiProviderConfig, 'apiKey' | 'headers'>>> = {};
  protected readonly natives = new Map<string, NativeTool>();

  /** The chat model, e.g. `gemini-2.5-flash`, `gemini-3-pro-preview`. */
  withModel(model: string): GeminiBuilder<true> {
    this.settings.model = model;
    return this as unknown as GeminiBuilder<true>;
  }

  /** Another endpoint, e.g. a proxy or the emulator (default `https://generativelanguage.googleapis.com/v1beta`). */
  withBaseUrl(baseUrl: string): this {
    this.settings.baseUrl = baseUrl;
    return this;
  }

  /** Grounding with Google Search: answers cite web sources (on text parts as `sources`). */
  withGoogleSearch(options: JsonObject = {}): this {
    return this.native({ kind: 'google-search', options });
  }

  /** Code execution: the model writes and runs Python; code and output come back as `provider` parts. */
  withCodeExecution(): this {
    return this.native({ kind: 'code-execution' });
  }

  /** Grounding with Google Maps: places and their sources, optionally near a location. */
  withGoogleMaps(options: GoogleMapsOptions = {}): this {
    const clean: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(options)) if (value !== undefined) clean[key] = value as JsonValue;
    return this.native({ kind: 'google-maps', options: clean });
  }

  /** URL context: the model reads the pages whose URLs are in the prompt. */
  withUrlContext(): this {
    return this.native({ kind: 'url-context' });
  }

  /** The embedding model of `embed()` (default `gemini-embedding-001`). */
  withEmbeddings(model: string): this {
    this.settings.embeddingModel = model;
    return this;
  }

  /** Thinking: thought summaries, budget (Gemini 2.5) or level (Gemini 3). */
  withThinking(options: GeminiThinkingOptions): this {
    this.settings.thinking = options;
    return this;
  }

  /** Force a schema dialect for tools and structured output (default: by model generation). */
  withSchemaDialect(dialect: GeminiSchemaDialect): this {
    this.settings.schemaDialect = dialect;
    return this;
  }

  /** `safetySettings`, e.g. `[{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }]`. */
  withSafetySettings(settings: readonly JsonObject[]): this {
    this.settings.safetySettings = settings;
    return this;
  }

  /** Gemini 3: stream function call arguments in pieces (`partialArgs`), reassembled by the provider. */
  withStreamedFunctionArguments(enabled = true): this {
    this.settings.streamFunctionCallArguments = enabled;
    return this;
  }

  /** Builds the provider; throws `ConfigurationError` when no API key (or model) is set. */
  build(this: GeminiBuilder<true>): GeminiProvider {
    const self = this as unknown as GeminiBuilder<boolean>;
    if (!self.settings.model) {
      throw new ConfigurationError('gemini needs a model: call withModel()', { provider: GEMINI_PROVIDER_ID });
    }
    const connection = self.connection({
      builder: 'GeminiBuilder',
      provider: GEMINI_PROVIDER_ID,
      defaultBaseUrl: GEMINI_DEFAULT_BASE_URL,
      apiKeyEnv: [GEMINI_API_KEY_ENV],
      missingKey: `gemini needs an API key: set ${GEMINI_API_KEY_ENV} or call withApiKey()`,
    });
    return new GeminiProvider({
      ...self.settings,
      ...connection,
      apiKey: connection.apiKey as string,
      model: self.settings.model,
      nativeTools: [...self.natives.values()],
    });
  }

  protected providerId(): string {
    return GEMINI_PROVIDER_ID;
  }

  private native(tool: NativeTool): this {
    this.natives.set(tool.kind, tool);
    return this;
  }
}
