/*
 * A Chat Completions SSE server for the large-event bench, in its own process: every request gets
 * a stream whose one content chunk carries a text of `N` MB, N taken from the model name
 * (`large-10` → 10 MB), between the usual first chunk, finish chunk, usage chunk and `[DONE]`.
 * Bodies are rendered once per size and sent as they are (the socket cuts them into its chunks).
 */
import { createServer } from 'node:http';
import { serveUntilSignal } from './dist.loader';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function frame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function chunk(delta: unknown, finish: string | null = null): string {
  return frame({ id: 'chatcmpl-large', object: 'chat.completion.chunk', created: 1770933892, model: 'large', choices: [{ index: 0, delta, finish_reason: finish }] });
}

/** The text of the one large event: `megabytes` MB of base64-like characters (an image, say). */
export function largeText(megabytes: number): string {
  const block = BASE64.repeat(16_384); // 1 MiB
  return block.repeat(megabytes);
}

const bodies = new Map<number, Buffer>();

function bodyOf(megabytes: number): Buffer {
  let body = bodies.get(megabytes);
  if (!body) {
    const usage = frame({ id: 'chatcmpl-large', object: 'chat.completion.chunk', created: 1770933892, model: 'large', choices: [], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } });
    body = Buffer.from(chunk({ role: 'assistant', content: '' }) + chunk({ content: largeText(megabytes) }) + chunk({}, 'stop') + usage + 'data: [DONE]\n\n');
    bodies.set(megabytes, body);
  }
  return body;
}

function main(): void {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      const model = (JSON.parse(Buffer.concat(parts).toString('utf8')) as { model?: string }).model ?? '';
      const megabytes = Number(/^large-(\d+)$/.exec(model)?.[1] ?? '1');
      const body = bodyOf(megabytes);
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'content-length': body.length });
      res.end(body);
    });
  });
  serveUntilSignal(server);
}

main();
