import type { Clock } from '../../core/clock.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { registerSecret } from '../../errors/secret-registry';
import type { Transport } from '../../transport/transport.types';
import { assertBaseUrl } from '../shared/base-url.validator';
import type { ChatCompletionsConfig, CompletionsEmbeddingOptions } from './completions-config.types';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** How a preset resolves its key and base URL at `build()`. */
export interface PresetDefaults {
  /** Name used in errors, e.g. `DeepSeekBuilder`. */
  readonly builder: string;
  readonly id: string;
  readonly baseUrl?: string;
  /** Env var holding the key; when set and no key is given, a missing key fails `build()`. */
  readonly apiKeyEnv?: string;
  /** False for servers that need no key (Ollama). */
  readonly requiresKey?: boolean;
}

/**
 * The settings every Chat Completions builder shares. Presets extend it and add the type-state
 * (`withModel()` then `build()`). Methods mutate and return the builder.
 */
export abstract class CompletionsBuilderBase {
  protected readonly settings: Mutable<ChatCompletionsConfig> = {};

  /** The server's API key (otherwise read from the preset's env var at `build()`). */
  withApiKey(apiKey: string): this {
    this.settings.apiKey = apiKey;
    return this;
  }

  /** Headers sent on every request (added to the defaults). */
  withHeaders(headers: Readonly<Record<string, string>>): this {
    this.settings.headers = { ...this.settings.headers, ...headers };
    return this;
  }

  /** Shares one transport (one connection pool) between providers. */
  withTransport(transport: Transport): this {
    this.settings.transport = transport;
    return this;
  }

  /** Ends a stream that sends nothing for `ms` with a `TimeoutError` (default 60 000). */
  withIdleTimeout(ms: number): this {
    this.settings.idleTimeout = ms;
    return this;
  }

  /** Time source for timeouts (a virtual clock in tests). */
  withClock(clock: Clock): this {
    this.settings.clock = clock;
    return this;
  }

  /** OpenAI strict mode: closed, all-required (optional → nullable) schemas for tools and structured output. */
  withStrictSchemas(strict = true): this {
    this.settings.strictSchemas = strict;
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
   * Applies any other option of the config (structured-output mode, `<think>` tags, capabilities, ...).
   * Embedding settings go through `withEmbeddings()`, so that the built provider's type knows them.
   */
  withConfig(config: Partial<Omit<ChatCompletionsConfig, 'model' | 'baseUrl' | 'embeddingModel' | 'embeddingDialect' | 'embeddingBatchSize' | 'embeddingBatchTokens'>>): this {
    Object.assign(this.settings, config);
    return this;
  }

  /** Safe JSON form: the settings without key or headers. */
  toJSON(): Record<string, unknown> {
    return { model: this.settings.model, baseUrl: this.settings.baseUrl, apiKey: this.settings.apiKey ? '[REDACTED]' : undefined };
  }

  /** `util.inspect` never shows the key. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.constructor.name} ${JSON.stringify(this.toJSON())}`;
  }

  /** Resolves the config: base URL, key (explicit, else env var), defaults. */
  protected resolve(defaults: PresetDefaults): ChatCompletionsConfig {
    const baseUrl = this.settings.baseUrl ?? defaults.baseUrl;
    if (!baseUrl) throw new ConfigurationError(`${defaults.builder}: no base URL (call withBaseUrl())`);
    assertBaseUrl(defaults.builder, baseUrl, this.settings.id ?? defaults.id);
    const model = this.settings.model;
    if (!model) throw new ConfigurationError(`${defaults.builder}: no model (call withModel())`);
    const apiKey = this.settings.apiKey ?? (defaults.apiKeyEnv ? process.env[defaults.apiKeyEnv] : undefined) ?? undefined;
    if (!apiKey && defaults.requiresKey !== false && defaults.apiKeyEnv) {
      throw new ConfigurationError(`${defaults.builder}: no API key; set ${defaults.apiKeyEnv} or call withApiKey()`, {
        provider: defaults.id,
      });
    }
    registerSecret(apiKey);
    return { ...this.settings, id: this.settings.id ?? defaults.id, baseUrl, model, apiKey: apiKey || undefined };
  }
}
