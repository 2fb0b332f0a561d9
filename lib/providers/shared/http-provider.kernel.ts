import type { Observable } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { JsonValue } from '../../core/json.types';
import { ChatError } from '../../errors/chat.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { registerSecret } from '../../errors/secret-registry';
import { defaultTransport } from '../../transport/node-http.transport';
import { secretHeaders } from '../../transport/secret-headers';
import type { SseEvent } from '../../transport/sse.parser';
import type { Transport, TransportRequest, TransportResponse } from '../../transport/transport.types';
import type { ErrorBodyReader } from './error-body.handler';
import { streamWire, type FrameParserFactory, type WireStreamMapper } from './event-stream';
import { callJson } from './json-call';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Header names whose values are credentials: their values are registered as secrets. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|x-api-key|x-goog-api-key|api-key|cookie)$/i;

/** How a provider sends its API key. */
export interface CredentialStyle {
  /** Header carrying the key, e.g. `authorization`, `x-api-key`, `x-goog-api-key`. */
  readonly header: string;
  /** Text put before the key, e.g. `Bearer `. */
  readonly prefix?: string;
  /**
   * Whether configured or per-call headers may replace the credential header (a gateway that wants
   * its own `authorization`). Default false: the key wins.
   */
  readonly overridable?: boolean;
}

/** `Authorization: Bearer <key>`; configured headers may replace it (Chat Completions, Responses). */
export const BEARER_CREDENTIAL: CredentialStyle = { header: 'authorization', prefix: 'Bearer ', overridable: true };

/** Turns an HTTP error response into a typed error (Gemini reads Google's error details this way). */
export type ErrorResponseMapper = (res: TransportResponse) => ChatError;

/** What every HTTP provider hands to the kernel. Secrets (`apiKey`, `headers`) end up in `#private` fields. */
export interface HttpProviderKernelConfig {
  /** Provider id in responses, errors, `toJSON()` and `util.inspect`. */
  readonly id: string;
  readonly model: string;
  readonly baseUrl: string;
  /** The API key (registered as a secret, kept in a `#private` field). */
  readonly apiKey?: string;
  /** How the key travels (default {@link BEARER_CREDENTIAL}). */
  readonly credential?: CredentialStyle;
  /** Headers of every request (may hold signed headers or tokens: kept private, printed redacted). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default: the shared `defaultTransport()`. */
  readonly transport?: Transport;
  /** Stream idle timeout in ms (default 60 s). */
  readonly idleTimeout?: number;
  /** Whole-request timeout in ms (default 10 minutes). */
  readonly timeout?: number;
  readonly clock?: Clock;
  /** Reads the provider's error bodies (code, message, retry delay). */
  readonly readError: ErrorBodyReader;
  /** Maps error responses itself instead of `readError` (Gemini). */
  readonly mapError?: ErrorResponseMapper;
}

/** The per-call options a provider request carries into the transport request. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly timeout?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link HttpProviderKernel.headers}. */
export interface HeaderOptions {
  /** Headers under everything else (`accept`, `content-type`). */
  readonly defaults?: Readonly<Record<string, string>>;
  /** Headers over everything else but the credential (e.g. `anthropic-version`). */
  readonly fixed?: Readonly<Record<string, string>>;
  /** Edits the merged configured + per-call headers (e.g. to merge `anthropic-beta` lists). */
  readonly edit?: (merged: Record<string, string>) => void;
}

/** A config without its connection (key, headers, transport): what a provider may keep in an ordinary field. */
export type WithoutConnection<C> = Omit<C, 'apiKey' | 'headers' | 'transport'>;

/**
 * Copies a config without `apiKey`, `headers` and `transport`, so that a provider's own fields
 * never hold a secret (a transport's sockets hold the raw headers of past requests).
 */
export function withoutConnection<C extends { readonly apiKey?: string; readonly headers?: Readonly<Record<string, string>>; readonly transport?: Transport }>(
  config: C,
): WithoutConnection<C> {
  const { apiKey: _key, headers: _headers, transport: _transport, ...rest } = config;
  return rest;
}

/**
 * Binds every method of the instance's classes to it, as non-enumerable own properties: methods
 * reach the `#private` fields even when called through a `Proxy` (instrumentation, test doubles),
 * whose `this` would otherwise be the proxy. Non-enumerable: `JSON.stringify`, spreading and
 * `structuredClone` ignore them.
 */
function bindMethods(instance: object): void {
  const seen = new Set<PropertyKey>(['constructor']);
  for (let proto = Object.getPrototypeOf(instance) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Reflect.ownKeys(proto)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const method = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
      if (typeof method === 'function') {
        Object.defineProperty(instance, key, { value: method.bind(instance), writable: true, configurable: true, enumerable: false });
      }
    }
  }
}

/**
 * The one base of every HTTP provider (Claude, Gemini, the Chat Completions family and its presets,
 * the Responses family, Ollama). It holds the secrets (API key, configured headers, which may carry
 * signed headers or tokens) in ES `#private` fields, so `util.inspect`, `JSON.stringify`,
 * `structuredClone` and enumerations never see them; `toJSON()` and `util.inspect` show the
 * provider id and model only. It owns the shared behaviour: building transport requests (with the
 * credential and redacting headers), JSON calls and streams (error mapping, request and idle
 * timeouts, abort), and the guard that turns an unforeseen body into an `InvalidResponseError`.
 *
 * @example
 * class MyProvider extends HttpProviderKernel implements ChatProvider {
 *   constructor(config: MyConfig) {
 *     super({ ...config, id: 'mine', readError: readMyError });
 *   }
 *   async complete(request: ProviderRequest) {
 *     const body = await this.sendJson<unknown>(this.post(`${this.baseUrl}/chat`, toWire(request), request));
 *     return this.guard(() => fromWire(body));
 *   }
 * }
 */
export abstract class HttpProviderKernel {
  /** Provider id, e.g. `claude`, `gemini`, `deepseek`. */
  readonly id: string;
  /** Default chat model. */
  readonly model: string;
  /** The base URL requests go to. */
  readonly baseUrl: string;
  readonly #credential: Readonly<Record<string, string>>;
  readonly #overridable: boolean;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #transport: Transport;
  readonly #idleTimeout?: number;
  readonly #timeout?: number;
  readonly #clock?: Clock;
  readonly #mapError?: ErrorResponseMapper;
  readonly #readError: ErrorBodyReader;

  protected constructor(config: HttpProviderKernelConfig) {
    this.id = config.id;
    this.model = config.model;
    this.baseUrl = config.baseUrl;
    const style = config.credential ?? BEARER_CREDENTIAL;
    registerSecret(config.apiKey);
    this.#credential = config.apiKey ? { [style.header]: `${style.prefix ?? ''}${config.apiKey}` } : {};
    this.#overridable = style.overridable === true;
    const headers = { ...config.headers };
    for (const [name, value] of Object.entries(headers)) if (CREDENTIAL_HEADER.test(name)) registerSecret(value);
    this.#headers = headers;
    this.#transport = config.transport ?? defaultTransport();
    this.#idleTimeout = config.idleTimeout;
    this.#timeout = config.timeout;
    this.#clock = config.clock;
    this.#mapError = config.mapError;
    this.#readError = config.readError;
    bindMethods(this);
  }

  /**
   * The transport (HTTP, or a message transport such as a WebSocket). A method, not a getter: a
   * shared transport's sockets hold other requests' raw headers, and `util.inspect` with
   * `getters: true` evaluates getters.
   */
  protected transportOf(): Transport {
    return this.#transport;
  }

  /** A configured header's value (case-insensitive name); never a credential header. */
  protected configuredHeader(name: string): string | undefined {
    if (CREDENTIAL_HEADER.test(name)) return undefined;
    const key = Object.keys(this.#headers).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : this.#headers[key];
  }

  /**
   * The headers of one request: defaults, the credential, configured headers, per-call headers,
   * fixed headers. Printing them (`JSON.stringify`, `util.inspect`) redacts every credential.
   */
  protected headers(call?: Readonly<Record<string, string>>, options: HeaderOptions = {}): Readonly<Record<string, string>> {
    const merged: Record<string, string> = { ...this.#headers, ...call };
    options.edit?.(merged);
    return secretHeaders(
      this.#overridable
        ? { ...options.defaults, ...this.#credential, ...merged, ...options.fixed }
        : { ...options.defaults, ...merged, ...options.fixed, ...this.#credential },
    );
  }

  /** A transport request with this provider's headers, timeout and id (`POST` unless `method` says otherwise). */
  protected transportRequest(
    url: string,
    body: JsonValue | undefined,
    call: CallOptions,
    options: HeaderOptions & { readonly method?: TransportRequest['method'] } = {},
  ): TransportRequest {
    return {
      url,
      method: options.method ?? 'POST',
      headers: this.headers(call.headers, options),
      body,
      signal: call.signal,
      timeout: call.timeout ?? this.#timeout,
      provider: this.id,
    };
  }

  /** Sends a request and parses its JSON body; error statuses become typed errors (see `callJson`). */
  protected sendJson<T>(request: TransportRequest): Promise<T> {
    return callJson<T>(this.#transport, request, this.#readError, this.#clock, this.#mapError);
  }

  /** A cold stream of one request: typed errors, request and idle timeouts, abort on unsubscribe (see `streamWire`). */
  protected openStream<E, T>(
    request: TransportRequest,
    framing: (E extends SseEvent ? 'sse' : 'ndjson') | FrameParserFactory,
    mapper: () => WireStreamMapper<E, T>,
    idleTimeout?: number,
  ): Observable<T> {
    return streamWire<E, T>({
      transport: this.#transport,
      request,
      framing,
      readError: this.#readError,
      mapError: this.#mapError,
      mapper,
      idleTimeout: idleTimeout ?? this.#idleTimeout,
      clock: this.#clock,
    });
  }

  /** Runs a body mapper; anything but a typed error (a shape no mapper foresaw) becomes an `InvalidResponseError`. */
  protected guard<T>(map: () => T): T {
    try {
      return map();
    } catch (error) {
      if (ChatError.is(error)) throw error;
      throw new InvalidResponseError(`${this.id} returned a body of an unexpected shape: ${(error as Error)?.message ?? String(error)}`, {
        provider: this.id,
        cause: error,
      });
    }
  }

  /** The safe form: provider id and model, nothing else. */
  toJSON(): { provider: string; model: string } {
    return { provider: this.id, model: this.model };
  }

  /** `util.inspect` (console.log, loggers) shows the provider id and model only. */
  [INSPECT](): string {
    return `${this.constructor.name} { provider: ${JSON.stringify(this.id)}, model: ${JSON.stringify(this.model)} }`;
  }
}
