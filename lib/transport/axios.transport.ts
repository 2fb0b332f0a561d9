import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosStatic } from 'axios';
import type { AxiosClient, AxiosClientRequestConfig, AxiosClientResponse } from './axios-client.types';
import type { HttpAgents } from './http-stream.request';
import { MAX_REDIRECTS, redirectedRequest } from './redirect';
import { transportError } from './transport-error.mapper';
import type { Transport, TransportRequest, TransportResponse, TransportStream } from './transport.types';

/** Options of {@link AxiosTransport}. */
export interface AxiosTransportOptions {
  /**
   * Send everything through this axios instance (its interceptors, proxy, agents and redirect settings apply):
   * any `axios.create()` result, whether your app is a CommonJS or an ES module.
   */
  readonly axios?: AxiosClient;
  /** Max sockets per host of the keep-alive agents, when the transport creates its own instance. */
  readonly maxSockets?: number;
}

function flatHeaders(headers: AxiosClientResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

const ANY_STATUS = (): boolean => true;
const RAW_BODY = [(data: unknown): unknown => data];
const TRANSITIONAL = { clarifyTimeoutError: false, silentJSONParsing: true, forcedJSONParsing: false };

/** axios, loaded on the first request (it is the heaviest module a chat-ts app loads). */
function loadAxios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('axios') as AxiosStatic & { default?: AxiosStatic };
  return module.default ?? module;
}

/**
 * An adapter that sends every request and stream through axios: your instance (`options.axios`,
 * with its interceptors, proxy, agents and redirect settings), or one it creates on keep-alive
 * agents, following redirects itself like {@link NodeHttpTransport}. axios loads on the first
 * request. The default transport is {@link NodeHttpTransport}, which costs less per request and
 * per stream (see "Transports" in docs/providers.md); use this one when requests must pass through axios.
 *
 * Before 0.2, `AxiosTransport` was the default and streamed over `node:http` behind the axios name;
 * that role is now `NodeHttpTransport`'s.
 *
 * @example
 * const api = axios.create({ proxy: { host: 'proxy.internal', port: 3128 } });
 * api.interceptors.request.use((config) => { config.headers['x-request-id'] = randomUUID(); return config; });
 * const provider = new ClaudeBuilder().withModel('claude-sonnet-4-5').withTransport(new AxiosTransport({ axios: api })).build();
 */
export class AxiosTransport implements Transport {
  private instance?: AxiosClient;
  /** True with the transport's own axios instance (created with `maxRedirects: 0`). */
  private readonly own: boolean;
  private readonly agents: HttpAgents;

  constructor(options: AxiosTransportOptions = {}) {
    this.instance = options.axios;
    this.own = options.axios === undefined;
    const maxSockets = options.maxSockets ?? Infinity;
    this.agents = { http: new http.Agent({ keepAlive: true, maxSockets }), https: new https.Agent({ keepAlive: true, maxSockets }) };
  }

  private get client(): AxiosClient {
    return (this.instance ??= loadAxios().create({
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      // -1 = no limit. (Infinity would make axios wrap every streamed body in an async generator.)
      maxContentLength: -1,
      maxBodyLength: -1,
      maxRedirects: 0,
      proxy: false,
    }));
  }

  private config(request: TransportRequest, responseType: AxiosClientRequestConfig['responseType']): AxiosClientRequestConfig {
    return {
      url: request.url,
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', ...request.headers },
      data: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
      signal: request.signal,
      timeout: request.timeout ?? 0,
      validateStatus: ANY_STATUS,
      transformResponse: RAW_BODY,
      transitional: TRANSITIONAL,
      responseType,
    };
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    for (let hop = 0; ; hop++) {
      let response: TransportResponse;
      try {
        const res = await this.client.request(this.config(request, 'text'));
        response = { status: res.status, headers: flatHeaders(res.headers), body: typeof res.data === 'string' ? res.data : '' };
      } catch (error) {
        throw transportError(error, request);
      }
      const next = this.own && hop < MAX_REDIRECTS ? redirectedRequest(request, response.status, response.headers) : undefined;
      if (!next) return response;
      request = next;
    }
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    for (let hop = 0; ; hop++) {
      const response = await this.axiosStream(request);
      const next = this.own && hop < MAX_REDIRECTS ? redirectedRequest(request, response.status, response.headers) : undefined;
      if (!next) return response;
      response.body.destroy();
      request = next;
    }
  }

  private async axiosStream(request: TransportRequest): Promise<TransportStream> {
    try {
      const res = await this.client.request({ ...this.config(request, 'stream'), decompress: true });
      return { status: res.status, headers: flatHeaders(res.headers), body: res.data as Readable };
    } catch (error) {
      throw transportError(error, request);
    }
  }
}
