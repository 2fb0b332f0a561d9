import type { Clock } from '../../core/clock.types';
import { ConfigurationError } from '../../errors/configuration.error';
import { registerSecret } from '../../errors/secret-registry';
import type { Transport } from '../../transport/transport.types';

/** The connection settings every HTTP provider builder collects. */
export interface HttpBuilderSettings {
  apiKey?: string;
  headers?: Readonly<Record<string, string>>;
  transport?: Transport;
  idleTimeout?: number;
  timeout?: number;
  clock?: Clock;
}

/**
 * The settings methods shared by the HTTP provider builders (Claude, Gemini, the Chat Completions
 * presets, the Responses builders): API key, headers, transport, idle/request timeouts and clock.
 * Each builder keeps its own type-state (`withModel()`/`build()`), its own settings object (a
 * superset of {@link HttpBuilderSettings}) and may redeclare these methods to document them for
 * its provider. Methods mutate and return the builder.
 *
 * @example
 * class MyBuilder extends HttpProviderBuilderBase {
 *   protected readonly settings: HttpBuilderSettings = {};
 * }
 * new MyBuilder().withApiKey('sk-...').withIdleTimeout(30_000);
 */
export abstract class HttpProviderBuilderBase {
  /** The builder's settings; subclasses declare it with their own (wider) type. */
  protected abstract readonly settings: HttpBuilderSettings;

  /** The API key; registered as a secret at once, so that no error message or log shows it. */
  withApiKey(apiKey: string): this {
    registerSecret(apiKey);
    this.settings.apiKey = apiKey;
    return this;
  }

  /** Extra headers on every request. */
  withHeaders(headers: Readonly<Record<string, string>>): this {
    this.settings.headers = { ...this.settings.headers, ...headers };
    return this;
  }

  /** The transport (share one between builders to share a connection pool). */
  withTransport(transport: Transport): this {
    this.settings.transport = transport;
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
