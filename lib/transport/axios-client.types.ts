/**
 * What {@link AxiosTransport} hands to `request()`: a subset of axios's `AxiosRequestConfig`.
 *
 * @example
 * const config: AxiosClientRequestConfig = { url: 'https://api.example.com/v1/models', method: 'GET', headers: {}, timeout: 0, validateStatus: () => true, transformResponse: [(data) => data], transitional: {}, responseType: 'text' };
 */
export interface AxiosClientRequestConfig {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  /** The body, already serialised. */
  readonly data?: string;
  readonly signal?: AbortSignal;
  /** ms; 0 = none. */
  readonly timeout: number;
  readonly validateStatus: (status: number) => boolean;
  readonly transformResponse: ((data: unknown) => unknown)[];
  readonly transitional: { readonly clarifyTimeoutError?: boolean; readonly silentJSONParsing?: boolean; readonly forcedJSONParsing?: boolean };
  /** `'text'` for whole responses, `'stream'` for streamed ones (then `data` is a `Readable`). */
  readonly responseType: 'text' | 'stream';
  readonly decompress?: boolean;
}

/**
 * What {@link AxiosTransport} reads of the response `request()` resolves to (axios's `AxiosResponse` has it).
 *
 * @example
 * const response: AxiosClientResponse = { status: 200, headers: { 'content-type': 'application/json' }, data: '{}' };
 */
export interface AxiosClientResponse {
  readonly status: number;
  /** Header names to values (axios's `AxiosHeaders` or a plain object). */
  readonly headers: object;
  /** A string for `responseType: 'text'`, a `Readable` for `'stream'`. */
  readonly data: unknown;
}

/**
 * The part of an axios instance that {@link AxiosTransport} uses: any `axios.create()` result (or
 * `axios` itself) has it. Typed by shape rather than as axios's `AxiosInstance` because axios ships
 * separate typings for CommonJS and ES modules: an ES module app's `AxiosInstance` is, to the
 * compiler, a different type from the one a CommonJS package such as chat-ts would name.
 *
 * @example
 * import axios from 'axios';
 * const api: AxiosClient = axios.create({ timeout: 5_000 });
 * const transport = new AxiosTransport({ axios: api });
 */
export interface AxiosClient {
  request(config: AxiosClientRequestConfig): Promise<AxiosClientResponse>;
}
