import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { httpStream, type HttpAgents } from './http-stream.request';
import { MAX_REDIRECTS, redirectedRequest } from './redirect';
import { transportError } from './transport-error.mapper';
import type { Transport, TransportRequest, TransportResponse, TransportStream } from './transport.types';

/** Options of {@link NodeHttpTransport}. */
export interface NodeHttpTransportOptions {
  /** Max sockets per host of the keep-alive agents (default: no limit). */
  readonly maxSockets?: number;
}

/** Reads a whole body as UTF-8 text; `deadline` (epoch ms) bounds it, like the time until headers. */
function readBody(body: Readable, request: TransportRequest, deadline: number | undefined): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer =
      deadline === undefined
        ? undefined
        : setTimeout(() => body.destroy(Object.assign(new Error(`no complete response in ${request.timeout} ms`), { code: 'ETIMEDOUT' })), Math.max(0, deadline - Date.now()));
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => {
      if (timer) clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    body.once('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(transportError(error, request));
    });
  });
}

/**
 * The default transport: HTTP(S) straight on `node:http` with keep-alive agents, for requests and
 * streams alike. One instance is one connection pool; it follows redirects itself (see
 * {@link redirectedRequest}: credentials never follow a redirect off the host), decodes gzip,
 * deflate and brotli bodies, and fails with typed errors (`NetworkError`, `TimeoutError`,
 * `AbortedError`). It has no per-request client machinery, so a request or stream costs little more
 * than its socket (see `npm run bench`). To send requests through your own axios instance
 * (interceptors, proxies), use {@link AxiosTransport}.
 *
 * @example
 * const transport = new NodeHttpTransport({ maxSockets: 64 });
 * const a = new OllamaBuilder().withModel('llama3.2').withTransport(transport).build();
 * const b = new DeepSeekBuilder().withModel('deepseek-chat').withTransport(transport).build();
 */
export class NodeHttpTransport implements Transport {
  private readonly agents: HttpAgents;

  constructor(options: NodeHttpTransportOptions = {}) {
    const maxSockets = options.maxSockets ?? Infinity;
    this.agents = { http: new http.Agent({ keepAlive: true, maxSockets }), https: new https.Agent({ keepAlive: true, maxSockets }) };
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const deadline = request.timeout ? Date.now() + request.timeout : undefined;
    for (let hop = 0; ; hop++) {
      const remaining = deadline === undefined ? request.timeout : Math.max(1, deadline - Date.now());
      const response = await httpStream({ ...request, timeout: remaining }, this.agents);
      const next = hop < MAX_REDIRECTS ? redirectedRequest(request, response.status, response.headers) : undefined;
      if (!next) return { status: response.status, headers: response.headers, body: await readBody(response.body, request, deadline) };
      response.body.destroy();
      request = next;
    }
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    for (let hop = 0; ; hop++) {
      const response = await httpStream(request, this.agents);
      const next = hop < MAX_REDIRECTS ? redirectedRequest(request, response.status, response.headers) : undefined;
      if (!next) return response;
      response.body.destroy();
      request = next;
    }
  }
}

let shared: NodeHttpTransport | undefined;

/** The process-wide default transport (a {@link NodeHttpTransport}), created on first use. */
export function defaultTransport(): NodeHttpTransport {
  return (shared ??= new NodeHttpTransport());
}
