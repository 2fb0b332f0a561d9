import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { transportError } from './transport-error.mapper';
import type { TransportRequest, TransportStream } from './transport.types';

/** The keep-alive agents a transport's connections are pooled in. */
export interface HttpAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

/** Response headers as one lower-case name → value map (repeated headers joined with `, `). */
function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The body as sent: decompressed when the server compressed it anyway. */
function decoded(res: http.IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : undefined;
  if (!decoder) return res;
  res.on('error', (error) => decoder.destroy(error));
  decoder.on('close', () => res.destroy());
  return res.pipe(decoder);
}

/** Where a URL points, as node:http options take it. */
interface Target {
  readonly secure: boolean;
  readonly options: Readonly<Pick<http.RequestOptions, 'protocol' | 'hostname' | 'port' | 'path' | 'auth'>>;
}

const targets = new Map<string, Target>();

/** Parses a URL once: providers send every request of a kind to the same URL (bounded cache). */
function targetOf(href: string): Target {
  let target = targets.get(href);
  if (target) return target;
  const url = new URL(href);
  target = {
    secure: url.protocol === 'https:',
    options: {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      ...(url.username || url.password ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
    },
  };
  if (targets.size >= 256) targets.clear();
  targets.set(href, target);
  return target;
}

/**
 * One streamed request straight on node:http: no per-request client machinery, so thousands of
 * concurrent streams cost little more than the sockets. `timeout` runs until the response
 * headers arrive; the signal aborts the request and, later, the body. Errors are typed.
 */
export function httpStream(request: TransportRequest, agents: HttpAgents): Promise<TransportStream> {
  return new Promise<TransportStream>((resolve, reject) => {
    const { signal } = request;
    if (signal?.aborted) return reject(transportError(new Error('aborted'), request));
    let target: Target;
    try {
      target = targetOf(request.url);
    } catch (error) {
      return reject(transportError(error, request));
    }
    const secure = target.secure;
    const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    const headers: Record<string, string | number> = { 'content-type': 'application/json', ...request.headers };
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const fail = (error: unknown): void => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      reject(transportError(error, request));
    };
    const onAbort = (): void => {
      req.destroy(Object.assign(new Error('The request was aborted'), { name: 'AbortError', code: 'ERR_CANCELED' }));
    };
    const options: http.RequestOptions = {
      ...target.options,
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      agent: secure ? agents.https : agents.http,
    };
    // plain options, not the URL object: node would merge that into a large per-request dictionary
    const req = (secure ? https : http).request(options, (res) => {
      if (timer) clearTimeout(timer);
      settled = true;
      if (signal) res.once('close', () => signal.removeEventListener('abort', onAbort));
      resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: decoded(res) });
    });
    req.on('error', fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (request.timeout) {
      timer = setTimeout(() => req.destroy(Object.assign(new Error(`no response in ${request.timeout} ms`), { code: 'ETIMEDOUT' })), request.timeout);
    }
    req.end(body);
  });
}
