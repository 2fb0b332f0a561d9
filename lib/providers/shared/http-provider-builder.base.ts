import type { Clock } from '../../core/clock.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { assertBaseUrl } from './base-url.validator';
import { registerSecret } from '../../errors/secret-registry';
import type { Transport } from '../../transport/transport.types';

/** The connection settings every HTTP provider builder collects (the key and headers are kept apart, in `#private` fields). */
export interface HttpBuilderSettings {
  model?: string;
  baseUrl?: string;
  idleTimeout?: number;
  timeout?: number;
  clock?: Clock;
}

/** How a builder resolves its connection at `build()` (see {@link HttpProviderBuilderBase.connection}). */
export interface ConnectionSpec {
  /** Builder name used in errors, e.g. `DeepSeekBuilder`. */
  readonly builder: string;
  /** Provider id put on `ConfigurationError`s. */
  readonly provider: string;
  /** Base URL when none was configured nor found in `baseUrlEnv`. */
  readonly defaultBaseUrl?: string;
  /** Environment variables read for the base URL, in order, when none was configured. */
  readonly baseUrlEnv?: readonly string[];
  /** Message when there is no base URL at all (default: `<builder>: no base URL (call withBaseUrl())`). */
  readonly missingBaseUrl?: string;
  /** URL schemes accepted (default http/https). */
  readonly schemes?: readonly string[];
  /** Environment variables read for the key, in order, when none was given. */
  readonly apiKeyEnv?: readonly string[];
  /** The `ConfigurationError` message when no key is found; omit when the key is optional. */
  readonly missingKey?: string;
  /** Trim environment values and skip blank ones (see {@link readEnv}). */
  readonly trimEnv?: boolean;
}

/** A builder's resolved connection: what every HTTP provider config starts from. */
export interface ResolvedConnection {
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly transport?: Transport;
  readonly idleTimeout?: number;
  readonly timeout?: number;
  readonly clock?: Clock;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|x-api-key|x-goog-api-key|api-key|cookie)$/i;

/**
 * The one base of every HTTP provider builder (Claude, Gemini, the Chat Completions family and its
 * presets, the Responses family, Ollama). One idiom: `with*()` methods mutate the builder and return
 * it (`withModel()` and friends retype it for the type-state), `build()` resolves the connection
 * with {@link connection} and constructs the provider. The API key, headers and transport live in
 * ES `#private` fields, so `util.inspect(builder)`, `JSON.stringify(builder)` and `structuredClone`
 * never see them; `toJSON()`/`util.inspect` show the provider id and model only.
 *
 * @example
 * class MyBuilder extends HttpProviderBuilderBase {
 *   protected readonly settings: HttpBuilderSettings = {};
 *   protected providerId(): string { return 'mine'; }
 * }
 * new MyBuilder().withApiKey('sk-...').withIdleTimeout(30_000);
 */
export abstract class HttpProviderBuilderBase {
  /** The builder's settings; subclasses declare it with their own (wider) type. Never holds a secret. */
  protected abstract readonly settings: HttpBuilderSettings;
  #apiKey?: string;
  #headers: Readonly<Record<string, string>> = {};
  #transport?: Transport;

  /** The provider id this builder builds for (shown by `toJSON()`/`util.inspect`). */
  protected abstract providerId(): string;

  /** The API key; registered as a secret at once, so that no error message or log shows it. */
  withApiKey(apiKey: string): this {
    registerSecret(apiKey);
    this.#apiKey = apiKey;
    return this;
  }

  /** Extra headers on every request (credential headers among them are treated as secrets). */
  withHeaders(headers: Readonly<Record<string, string>>): this {
    for (const [name, value] of Object.entries(headers)) if (CREDENTIAL_HEADER.test(name)) registerSecret(value);
    this.#headers = { ...this.#headers, ...headers };
    return this;
  }

  /** The transport (share one between builders to share a connection pool). */
  withTransport(transport: Transport): this {
    this.#transport = transport;
    return this;
  }

  /** Stream idle timeout: no byte for this many ms ends the stream with a `TimeoutError` (default 60 s). */
  withIdleTimeout(ms: number): this {
    this.settings.idleTimeout = ms;
    return this;
  }

  /**
   * Whole-request timeout in ms (default 10 minutes; `0` for none): a server that accepts the
   * request and never answers fails with a `TimeoutError` (kind `request`). Covers `complete()`,
   * `embed()` and a stream until its headers arrive. A call's `timeout` option wins.
   */
  withTimeout(ms: number): this {
    this.settings.timeout = ms;
    return this;
  }

  /** Time source for timeouts (a virtual clock in tests). */
  withClock(clock: Clock): this {
    this.settings.clock = clock;
    return this;
  }

  /** The safe form: provider id and model, never the key or headers. */
  toJSON(): { provider: string; model?: string } {
    return { provider: this.providerId(), model: this.settings.model };
  }

  /** `util.inspect` (console.log, loggers) shows the provider id and model only. */
  [INSPECT](): string {
    return `${this.constructor.name} { provider: ${JSON.stringify(this.providerId())}, model: ${JSON.stringify(this.settings.model ?? null)} }`;
  }

  /**
   * Resolves the connection at `build()`: the base URL (configured, else the first set variable of
   * `baseUrlEnv`, else the default; checked with `assertBaseUrl`), the key (given, else the first
   * set variable of `apiKeyEnv`; a `ConfigurationError` when missing and required), the headers and
   * the transport settings.
   */
  protected connection(spec: ConnectionSpec): ResolvedConnection {
    const baseUrl = this.settings.baseUrl ?? (spec.baseUrlEnv ? readEnv(spec.baseUrlEnv, spec.trimEnv) : undefined) ?? spec.defaultBaseUrl;
    if (!baseUrl) throw new ConfigurationError(spec.missingBaseUrl ?? `${spec.builder}: no base URL (call withBaseUrl())`, { provider: spec.provider });
    assertBaseUrl(spec.builder, baseUrl, spec.provider, spec.schemes);
    const apiKey = resolveApiKey({
      apiKey: this.#apiKey,
      envVars: spec.apiKeyEnv ?? [],
      trimEnv: spec.trimEnv,
      provider: spec.provider,
      missing: spec.missingKey,
    });
    const { idleTimeout, timeout, clock } = this.settings;
    return { baseUrl, apiKey: apiKey || undefined, headers: { ...this.#headers }, transport: this.#transport, idleTimeout, timeout, clock };
  }
}

/**
 * Reads the first set environment variable of `names`. With `trim`, values are trimmed and blank
 * ones skipped; otherwise the first defined value is returned as is.
 *
 * @example
 * readEnv(['CLAUDE_API_KEY', 'ANTHROPIC_API_KEY'], true);
 */
export function readEnv(names: readonly string[], trim = false): string | undefined {
  for (const name of names) {
    const value = process.env[name];
    if (value === undefined) continue;
    if (!trim) return value;
    if (value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** Where {@link resolveApiKey} looks for a key, and what it says when there is none. */
export interface ApiKeySource {
  /** The key given to `withApiKey()`, if any (wins over the environment). */
  readonly apiKey: string | undefined;
  /** Environment variables read, in order, when no key was given. */
  readonly envVars: readonly string[];
  /** Provider id put on the `ConfigurationError`. */
  readonly provider: string;
  /** The `ConfigurationError` message when no key is found; omit when the key is optional. */
  readonly missing?: string;
  /** Trim environment values and skip blank ones (see {@link readEnv}). */
  readonly trimEnv?: boolean;
}

/**
 * Resolves a builder's API key at `build()`: the explicit key, else the first environment variable
 * of `envVars`; throws a `ConfigurationError` (`missing`) when none is found and a message is
 * given; registers the key as a secret.
 *
 * @example
 * const apiKey = resolveApiKey({
 *   apiKey: settings.apiKey,
 *   envVars: ['GEMINI_API_KEY'],
 *   provider: 'gemini',
 *   missing: 'gemini needs an API key: set GEMINI_API_KEY or call withApiKey()',
 * });
 */
export function resolveApiKey(source: ApiKeySource & { readonly missing: string }): string;
export function resolveApiKey(source: ApiKeySource): string | undefined;
export function resolveApiKey(source: ApiKeySource): string | undefined {
  const apiKey = source.apiKey ?? readEnv(source.envVars, source.trimEnv);
  if (!apiKey && source.missing !== undefined) {
    throw new ConfigurationError(source.missing, { provider: source.provider });
  }
  registerSecret(apiKey);
  return apiKey;
}
