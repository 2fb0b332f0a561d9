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

/** An abort of the caller's signal, as node:http reports it. */
function abortError(): Error {
  return Object.assign(new Error('The request was aborted'), { name: 'AbortError', code: 'ERR_CANCELED' });
}

/**
 * One call of {@link httpStream}: the signal's listener (`handleEvent`) and the request's error
 * handler in one object. Once the response arrives it keeps only what aborting the body needs:
 * an open stream holds neither the request (its body, headers and URL) nor a closure scope.
 */
class StreamCall {
  req!: http.ClientRequest;
  timer: NodeJS.Timeout | undefined;
  settled = false;

  constructor(
    public request: TransportRequest | undefined,
    private resolve: ((stream: TransportStream) => void) | undefined,
    private reject: ((error: unknown) => void) | undefined,
    private signal: AbortSignal | undefined,
  ) {}

  /** Listens to the signal (no `once` wrapper to hold: the listener is removed when the call ends). */
  listen(): void {
    this.signal?.addEventListener('abort', this);
  }

  /** The signal aborted: destroy the request (and its body, once there is one). */
  handleEvent(): void {
    this.req.destroy(abortError());
  }

  fail(error: unknown): void {
    if (this.timer) clearTimeout(this.timer);
    this.unlisten();
    if (this.settled) return;
    this.settled = true;
    this.reject!(transportError(error, this.request!));
    this.release();
  }

  respond(res: http.IncomingMessage): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.settled = true;
    if (this.request!.signalUntilResponse) this.unlisten();
    else if (this.signal) res.on('close', () => this.unlisten());
    this.resolve!({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: decoded(res) });
    this.release();
  }

  private unlisten(): void {
    this.signal?.removeEventListener('abort', this);
    this.signal = undefined;
  }

  private release(): void {
    this.request = undefined;
    this.resolve = undefined;
    this.reject = undefined;
  }
}

/** The whole-request timeout expired before the response headers. */
function onTimeout(call: StreamCall, ms: number): void {
  call.req.destroy(Object.assign(new Error(`no response in ${ms} ms`), { code: 'ETIMEDOUT' }));
}

/**
 * One streamed request straight on node:http: no per-request client machinery, so thousands of
 * concurrent streams cost little more than the sockets. `timeout` runs until the response
 * headers arrive; the signal aborts the request and, later, the body (unless
 * `signalUntilResponse`: then only the request). Errors are typed.
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
    const options: http.RequestOptions = {
      ...target.options,
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      agent: secure ? agents.https : agents.http,
    };
    send(new StreamCall(request, resolve, reject, signal), secure, options, body, request.timeout);
  });
}

/** Sends the request of a call: the listeners' scope holds the call alone (not the request, its body and headers). */
function send(call: StreamCall, secure: boolean, options: http.RequestOptions, body: string | undefined, timeout: number | undefined): void {
  // plain options, not the URL object: node would merge that into a large per-request dictionary
  const req = (secure ? https : http).request(options, (res) => call.respond(res));
  call.req = req;
  req.on('error', (error) => call.fail(error));
  call.listen();
  if (timeout) call.timer = setTimeout(onTimeout, timeout, call, timeout);
  req.end(body);
}
