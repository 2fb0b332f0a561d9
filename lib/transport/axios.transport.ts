import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse, AxiosStatic } from 'axios';
import { AbortedError } from '../errors/aborted.error';
import type { ChatError } from '../errors/chat.error';
import { NetworkError } from '../errors/network.error';
import { TimeoutError } from '../errors/timeout.error';
import { MAX_REDIRECTS, redirectedRequest } from './redirect';
import type { Transport, TransportRequest, TransportResponse, TransportStream } from './transport.types';

/** Options of {@link AxiosTransport}. */
export interface AxiosTransportOptions {
  /** Use this axios instance (its interceptors, proxy and agents apply). */
  readonly axios?: AxiosInstance;
  /** Max sockets per host of the default keep-alive agents. */
  readonly maxSockets?: number;
}

function flatHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** Turns whatever axios threw into a typed error; keeps no request config (it holds the API key). */
function toChatError(error: unknown, request: TransportRequest): ChatError {
  const e = error as { code?: string; message?: string; name?: string };
  const code = e?.code;
  const detail = new Error(`${code ?? e?.name ?? 'Error'}: ${e?.message ?? String(error)}`);
  const opts = { provider: request.provider, code, cause: detail };
  if (request.signal?.aborted || code === 'ERR_CANCELED' || e?.name === 'CanceledError') {
    return new AbortedError(`${request.provider} request aborted`, opts);
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new TimeoutError(`${request.provider} request timed out after ${request.timeout ?? '?'} ms`, { ...opts, kind: 'request' });
  }
  return new NetworkError(`${request.provider} connection failed (${code ?? e?.message ?? 'unknown error'})`, opts);
}

/** axios, loaded on the first request (it is the heaviest module a chat-ts app loads). */
function loadAxios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('axios') as AxiosStatic & { default?: AxiosStatic };
  return module.default ?? module;
}

/**
 * The default transport, on axios with keep-alive agents. One instance is one connection pool.
 * axios loads on the first request. With its own axios instance, the transport follows redirects
 * itself (see {@link redirectedRequest}), which spares every request the cost of axios's
 * redirect wrapper; an instance passed in `options.axios` follows them as configured.
 *
 * @example
 * const transport = new AxiosTransport();
 * const a = new OllamaBuilder().withModel('llama3.2').withTransport(transport).build();
 * const b = new DeepSeekBuilder().withModel('deepseek-chat').withTransport(transport).build();
 */
export class AxiosTransport implements Transport {
  private instance?: AxiosInstance;
  /** True when redirects are followed here (own axios instance, created with `maxRedirects: 0`). */
  private readonly followsRedirects: boolean;

  constructor(private readonly options: AxiosTransportOptions = {}) {
    this.instance = options.axios;
    this.followsRedirects = options.axios === undefined;
  }

  private get client(): AxiosInstance {
    return (this.instance ??= loadAxios().create({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: this.options.maxSockets ?? Infinity }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: this.options.maxSockets ?? Infinity }),
      // -1 = no limit. (Infinity would make axios wrap every streamed body in an async generator.)
      maxContentLength: -1,
      maxBodyLength: -1,
      maxRedirects: 0,
      proxy: false,
    }));
  }

  private config(request: TransportRequest): AxiosRequestConfig {
    return {
      url: request.url,
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', ...request.headers },
      data: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
      signal: request.signal,
      timeout: request.timeout ?? 0,
      validateStatus: () => true,
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: false, silentJSONParsing: true, forcedJSONParsing: false },
    };
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    for (let hop = 0; ; hop++) {
      let response: TransportResponse;
      try {
        const res = await this.client.request<string>({ ...this.config(request), responseType: 'text' });
        response = { status: res.status, headers: flatHeaders(res.headers), body: typeof res.data === 'string' ? res.data : '' };
      } catch (error) {
        throw toChatError(error, request);
      }
      const next = this.followsRedirects && hop < MAX_REDIRECTS ? redirectedRequest(request, response.status, response.headers) : undefined;
      if (!next) return response;
      request = next;
    }
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    for (let hop = 0; ; hop++) {
      let response: TransportStream;
      try {
        const res = await this.client.request<Readable>({ ...this.config(request), responseType: 'stream', decompress: true });
        response = { status: res.status, headers: flatHeaders(res.headers), body: res.data };
      } catch (error) {
        throw toChatError(error, request);
      }
      const next = this.followsRedirects && hop < MAX_REDIRECTS ? redirectedRequest(request, response.status, response.headers) : undefined;
      if (!next) return response;
      response.body.destroy();
      request = next;
    }
  }
}

let shared: AxiosTransport | undefined;

/** The process-wide default transport, created on first use. */
export function defaultTransport(): AxiosTransport {
  return (shared ??= new AxiosTransport());
}
