import { ConfigurationError } from '../../errors/configuration.error';
import type { Transport } from '../../transport/transport.types';
import type { BodyQuirk } from '../shared/body.quirks';
import { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
import { ChatCompletionsProvider } from './completions.provider';
import type { ChatCompletionsConfig, CompletionsEmbeddingOptions } from './completions-config.types';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/**
 * A server of the Chat Completions family, as data: presets (DeepSeek, Cerebras, Hugging Face,
 * Mistral, Ollama) are values of this type, not copied classes; their builders are thin typed
 * wrappers over it.
 *
 * @example
 * const TOGETHER: CompletionsPreset = {
 *   id: 'together',
 *   builder: 'TogetherBuilder',
 *   baseUrl: 'https://api.together.xyz/v1',
 *   apiKeyEnv: 'TOGETHER_API_KEY',
 *   defaults: { maxCompletionTokens: true },
 *   quirks: [{ drop: 'stream_options' }],
 * };
 */
export interface CompletionsPreset {
  /** Provider id in responses and errors, e.g. `deepseek`. */
  readonly id: string;
  /** Builder name used in errors, e.g. `DeepSeekBuilder`. */
  readonly builder: string;
  /** Default base URL (a function when it depends on the environment, e.g. `OLLAMA_HOST`); none: `withBaseUrl()` is required. */
  readonly baseUrl?: string | (() => string);
  /** Env var holding the key, read when no key is given. */
  readonly apiKeyEnv?: string;
  /** False for servers that need no key (Ollama); otherwise a missing key fails `build()` when `apiKeyEnv` is set. */
  readonly requiresKey?: boolean;
  /** Config defaults of the server (the user's settings win), e.g. `{ replayReasoning: true }`. */
  readonly defaults?: Partial<Omit<ChatCompletionsConfig, 'id' | 'baseUrl' | 'model' | 'apiKey' | 'headers' | 'quirks'>>;
  /** What the server does differently on the wire: fields dropped, renamed, restricted. */
  readonly quirks?: readonly BodyQuirk[];
}

/** @deprecated The old name of {@link CompletionsPreset}'s connection part. */
export type PresetDefaults = Pick<CompletionsPreset, 'builder' | 'id' | 'apiKeyEnv' | 'requiresKey'> & { readonly baseUrl?: string };

/** The settings methods of {@link HttpProviderBuilderBase} whose documentation is specific to Chat Completions. */
export interface CompletionsBuilderBase {
  /** The server's API key (otherwise read from the preset's env var at `build()`). */
  withApiKey(apiKey: string): this;
  /** Headers sent on every request (added to the defaults). */
  withHeaders(headers: Readonly<Record<string, string>>): this;
  /** Shares one transport (one connection pool) between providers. */
  withTransport(transport: Transport): this;
  /** Ends a stream that sends nothing for `ms` with a `TimeoutError` (default 60 000). */
  withIdleTimeout(ms: number): this;
  /**
   * Whole-request timeout in ms (default 10 minutes; `0` for none): a server that accepts the
   * request and never answers fails with a `TimeoutError` (kind `request`). Covers `complete()`,
   * `embed()` and a stream until its headers arrive (then the idle timeout applies). A call's
   * `timeout` option wins.
   */
  withTimeout(ms: number): this;
}

/**
 * The settings every Chat Completions builder shares. Each builder names its preset (data); the
 * preset builders add only the type-state (`withModel()` then `build()`). Methods mutate and
 * return the builder.
 */
export abstract class CompletionsBuilderBase extends HttpProviderBuilderBase {
  protected readonly settings: Mutable<Omit<ChatCompletionsConfig, 'apiKey' | 'headers'>> = {};
  /** The server this builder builds for. */
  protected abstract readonly preset: CompletionsPreset;

  /** OpenAI strict mode: closed, all-required (optional → nullable) schemas for tools and structured output. */
  withStrictSchemas(strict = true): this {
    this.settings.strictSchemas = strict;
    return this;
  }

  /** Differences of the server from the Chat Completions wire (fields dropped, renamed, restricted), after the preset's own. */
  withQuirks(quirks: readonly BodyQuirk[]): this {
    this.settings.quirks = [...(this.settings.quirks ?? []), ...quirks];
    return this;
  }

  /**
   * Sets the embedding model; builders of servers with embeddings expose it as `withEmbeddings()`,
   * whose return type records it (type-state), so presets without embeddings have no such method.
   */
  protected setEmbeddings(model: string, options: CompletionsEmbeddingOptions = {}): void {
    this.settings.embeddingModel = model;
    if (options.dialect !== undefined) this.settings.embeddingDialect = options.dialect;
    if (options.batchSize !== undefined) this.settings.embeddingBatchSize = options.batchSize;
    if (options.batchTokens !== undefined) this.settings.embeddingBatchTokens = options.batchTokens;
  }

  /**
   * Applies any other option of the config (structured-output mode, `<think>` tags, capabilities,
   * quirks, ...). Embedding settings go through `withEmbeddings()`, so that the built provider's
   * type knows them; a key or headers given here go where `withApiKey()`/`withHeaders()` put them.
   */
  withConfig(config: Partial<Omit<ChatCompletionsConfig, 'model' | 'baseUrl' | 'embeddingModel' | 'embeddingDialect' | 'embeddingBatchSize' | 'embeddingBatchTokens'>>): this {
    const { apiKey, headers, ...rest } = config;
    if (apiKey !== undefined) this.withApiKey(apiKey);
    if (headers !== undefined) this.withHeaders(headers);
    Object.assign(this.settings, rest);
    return this;
  }

  protected providerId(): string {
    return this.settings.id ?? this.preset.id;
  }

  /** Resolves the config from the preset: base URL, model, key (explicit, else the preset's env var), defaults, quirks. */
  protected presetConfig(preset: CompletionsPreset = this.preset): ChatCompletionsConfig {
    const id = this.settings.id ?? preset.id;
    const defaultBaseUrl = this.settings.baseUrl !== undefined ? undefined : typeof preset.baseUrl === 'function' ? preset.baseUrl() : preset.baseUrl;
    const model = this.settings.model;
    if (!model) throw new ConfigurationError(`${preset.builder}: no model (call withModel())`, { provider: id });
    const connection = this.connection({
      builder: preset.builder,
      provider: id,
      defaultBaseUrl,
      apiKeyEnv: preset.apiKeyEnv ? [preset.apiKeyEnv] : [],
      missingKey: preset.requiresKey !== false && preset.apiKeyEnv ? `${preset.builder}: no API key; set ${preset.apiKeyEnv} or call withApiKey()` : undefined,
    });
    const quirks = [...(preset.quirks ?? []), ...(this.settings.quirks ?? [])];
    return {
      ...preset.defaults,
      ...this.settings,
      ...connection,
      id,
      model,
      ...(quirks.length > 0 ? { quirks } : { quirks: undefined }),
    };
  }

  /** Builds a {@link ChatCompletionsProvider} from the preset. */
  protected buildProvider<E extends boolean>(): ChatCompletionsProvider<E> {
    return new ChatCompletionsProvider<E>(this.presetConfig());
  }
}

/**
 * The base of the preset builders of fixed servers (DeepSeek, Cerebras, Hugging Face, Mistral,
 * Ollama): `withBaseUrl()` only overrides the preset's default, so it keeps the builder's type.
 */
export abstract class CompletionsPresetBuilder extends CompletionsBuilderBase {
  /** Overrides the base URL (a proxy, a regional endpoint, the emulator). */
  withBaseUrl(baseUrl: string): this {
    this.settings.baseUrl = baseUrl;
    return this;
  }
}
