import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { ChatError } from '../../errors/chat.error';
import { ConfigurationError } from '../../errors/configuration.error';
import { errorFromHttp } from '../../errors/http-error.mapper';
import { NetworkError } from '../../errors/network.error';
import { parseRetryAfter } from '../../errors/retry-after.parser';
import { TimeoutError } from '../../errors/timeout.error';
import { loadWs } from './ws.loader';

/** What {@link openSocket} needs. */
export interface ConnectOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Upgrade timeout, ms. */
  readonly timeoutMs: number;
  /** Provider id, for typed errors. */
  readonly provider: string;
}

/** Most of a refused upgrade's body worth reading (error bodies are small). */
const MAX_REFUSAL_BODY = 64 * 1024;

/** `{ error: { message, code | type } }`, `{ error: "text" }` or `{ message }`, as OpenAI-style servers answer. */
function readRefusal(text: string): { code?: string; message?: string } {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') return { message: body.error };
    if (typeof body.error === 'object' && body.error !== null) {
      const e = body.error as { message?: unknown; code?: unknown; type?: unknown };
      const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
      return { code: str(e.code) ?? str(e.type), message: str(e.message) };
    }
    if (typeof body.message === 'string') return { message: body.message };
  } catch {
    // not JSON: the status alone decides
  }
  return {};
}

/** A refused upgrade as the typed error HTTP would give for the same status and body. */
function refusalError(res: IncomingMessage, body: string, provider: string): ChatError {
  const { code, message } = readRefusal(body);
  const retryAfter = res.headers['retry-after'];
  return errorFromHttp({
    provider,
    status: res.statusCode ?? 0,
    code,
    message,
    retryAfterSeconds: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
  });
}

/**
 * Opens one WebSocket; resolves when the upgrade succeeded. Fails with typed errors only: a
 * refused upgrade (401/403/429/5xx) is mapped like an HTTP error of that status, a handshake
 * timeout is a `TimeoutError`, anything else a `NetworkError`. Errors never carry the headers.
 */
export function openSocket(options: ConnectOptions): Promise<WebSocket> {
  const { provider } = options;
  const { WebSocket: Ws } = loadWs();
  return new Promise<WebSocket>((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new Ws(options.url, { headers: { ...options.headers }, handshakeTimeout: options.timeoutMs, perMessageDeflate: false });
    } catch (error) {
      return reject(new ConfigurationError(`${provider}: invalid WebSocket URL (${(error as Error)?.message ?? 'unknown'})`, { provider }));
    }
    let settled = false;
    const settle = (error?: ChatError): void => {
      if (settled) return;
      settled = true;
      if (!error) return resolve(ws);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(error);
    };
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_REFUSAL_BODY) chunks.push(chunk);
      });
      res.on('error', () => settle(new NetworkError(`${provider} socket upgrade refused (HTTP ${res.statusCode}) and its body was cut`, { provider, status: res.statusCode })));
      res.on('end', () => settle(refusalError(res, Buffer.concat(chunks).toString('utf8'), provider)));
    });
    ws.once('open', () => settle());
    ws.on('error', (error: Error & { code?: string }) => {
      if (/handshake has timed out/i.test(error.message)) {
        return settle(new TimeoutError(`${provider} socket upgrade timed out after ${options.timeoutMs} ms`, { provider, kind: 'request' }));
      }
      settle(new NetworkError(`${provider} socket failed (${error.code ?? error.message})`, { provider, code: error.code }));
    });
  });
}
