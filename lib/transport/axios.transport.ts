import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse, AxiosStatic } from 'axios';
import { httpStream, type HttpAgents } from './http-stream.request';
import { MAX_REDIRECTS, redirectedRequest } from './redirect';
import { transportError } from './transport-error.mapper';
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
 * The default transport, on axios with keep-alive agents. One instance is one connection pool.
 * axios loads on the first request. With its own axios instance, the transport follows redirects
 * itself (see {@link redirectedRequest}), sparing each request axios's redirect wrapper, and
 * streams go straight through node:http on the same agents (a stream then costs little more
 * than its socket: see `npm run bench`). Pass `options.axios` to send everything through your
 * axios instance (its interceptors, proxy and redirect settings apply).
 *
 * @example
 * const transport = new AxiosTransport();
 * const a = new OllamaBuilder().withModel('llama3.2').withTransport(transport).build();
 * const b = new DeepSeekBuilder().withModel('deepseek-chat').withTransport(transport).build();
 */
export class AxiosTransport implements Transport {
  private instance?: AxiosInstance;
  /** True with the transport's own axios instance (created with `maxRedirects: 0`). */
  private readonly own: boolean;
  private readonly agents: HttpAgents;

  constructor(options: AxiosTransportOptions = {}) {
    this.instance = options.axios;
    this.own = options.axios === undefined;
    const maxSockets = options.maxSockets ?? Infinity;
    this.agents = { http: new http.Agent({ keepAlive: true, maxSockets }), https: new https.Agent({ keepAlive: true, maxSockets }) };
  }

  private get client(): AxiosInstance {
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

  private config(request: TransportRequest): AxiosRequestConfig {
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
    };
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    for (let hop = 0; ; hop++) {
      let response: TransportResponse;
      try {
        const res = await this.client.request<string>({ ...this.config(request), responseType: 'text' });
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
      const response = this.own ? await httpStream(request, this.agents) : await this.axiosStream(request);
      const next = this.own && hop < MAX_REDIRECTS ? redirectedRequest(request, response.status, response.headers) : undefined;
      if (!next) return response;
      response.body.destroy();
      request = next;
    }
  }

  private async axiosStream(request: TransportRequest): Promise<TransportStream> {
    try {
      const res = await this.client.request<Readable>({ ...this.config(request), responseType: 'stream', decompress: true });
      return { status: res.status, headers: flatHeaders(res.headers), body: res.data };
    } catch (error) {
      throw transportError(error, request);
    }
  }
}

let shared: AxiosTransport | undefined;

/** The process-wide default transport, created on first use. */
export function defaultTransport(): AxiosTransport {
  return (shared ??= new AxiosTransport());
}
