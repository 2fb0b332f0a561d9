import type { ServerResponse } from 'node:http';
import type { JsonValue } from '../../core/json.types';
import type { EmulatorWire, WireContext } from './emulator-wire.types';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const HTML_502 =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

/**
 * Writes one scripted reply with its delays and faults, in the wire's format. `renderBody` replaces
 * the wire's chat body of a whole (non-streamed) answer, e.g. with an embeddings body.
 */
export async function writeReply(wire: EmulatorWire, ctx: WireContext, stream: boolean, res: ServerResponse, renderBody?: () => JsonValue): Promise<void> {
  const { reply } = ctx;
  if (reply.delayMs) await sleep(reply.delayMs);
  if (res.destroyed) return;
  switch (reply.fault) {
    case 'reset-before':
      res.socket?.destroy();
      return;
    case 'stall-before':
      return; // never answers; the socket stays open until the client gives up
    case 'html-502':
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(HTML_502);
      return;
    case 'empty':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      res.end();
      return;
  }
  if (reply.error) {
    const e = reply.error;
    const body: JsonValue = e.body ?? wire.renderError(e, ctx);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
      ...(e.retryAfter !== undefined ? { 'retry-after': String(e.retryAfter) } : {}),
      ...e.headers,
    };
    res.writeHead(e.status, headers);
    res.end(text);
    return;
  }
  if (!stream) {
    const text = JSON.stringify(renderBody ? renderBody() : wire.renderJson(ctx));
    if (reply.fault === 'truncate') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const { contentType, frames } = wire.renderStream(ctx);
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', connection: 'keep-alive' });
  const cut = reply.afterChunks ?? Math.floor(frames.length / 2);
  for (let i = 0; i < frames.length; i++) {
    if (res.destroyed) return;
    if (i === cut) {
      if (reply.fault === 'reset-mid') {
        await new Promise<void>((r) => res.write('', () => r()));
        res.socket?.destroy();
        return;
      }
      if (reply.fault === 'stall-mid') return;
      if (reply.fault === 'malformed') {
        res.write(wire.malformedFrame());
      }
    }
    res.write(frames[i]);
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
  }
  res.end();
}
