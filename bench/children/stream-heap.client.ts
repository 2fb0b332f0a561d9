/*
 * Client side of the stream-heap bench: opens N streams against the drip server, waits until
 * every one has received a text chunk, then measures the JS heap they hold (after full GCs),
 * and cancels them. `--mode bare` reads with node:http alone, `--mode chat-ts` through
 * chat.stream(). One mode per process. Prints { mode, streams, heapPerStreamBytes, ... }.
 */
import http from 'node:http';
import { arg, fromDist, printResult } from './dist.loader';

const PROMPT = 'Hold the line.';

/** An open stream: resolves once its first text chunk arrived; `cancel()` ends it. */
interface OpenStream {
  readonly firstChunk: Promise<void>;
  cancel(): void;
}

function bareStream(base: URL, body: string): OpenStream {
  let cancel: () => void = () => undefined;
  const firstChunk = new Promise<void>((resolve, reject) => {
    const req = http.request(
      {
        method: 'POST',
        hostname: base.hostname,
        port: base.port,
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          buffer += text;
          let start = 0;
          for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
            const frame = buffer.slice(start, end);
            start = end + 2;
            if (!frame.startsWith('data: ') || frame === 'data: [DONE]') continue;
            const chunk = JSON.parse(frame.slice(6)) as { choices?: { delta?: { content?: string } }[] };
            if (chunk.choices?.[0]?.delta?.content) resolve();
          }
          buffer = buffer.slice(start);
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (error) => (cancelled ? undefined : reject(error)));
    let cancelled = false;
    cancel = () => {
      cancelled = true;
      req.destroy();
    };
    req.end(body);
  });
  return { firstChunk, cancel: () => cancel() };
}

interface StreamingChat {
  stream(prompt: string): { subscribe(observer: { next(event: { type: string }): void; error(e: unknown): void }): { unsubscribe(): void } };
}

function chatStream(chat: StreamingChat): OpenStream {
  let subscription: { unsubscribe(): void } | undefined;
  const firstChunk = new Promise<void>((resolve, reject) => {
    subscription = chat.stream(PROMPT).subscribe({
      next: (event) => {
        if (event.type === 'text-delta') resolve();
      },
      error: reject,
    });
  });
  return { firstChunk, cancel: () => subscription?.unsubscribe() };
}

function heapUsed(): number {
  for (let i = 0; i < 3; i++) global.gc?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const mode = arg('mode', 'bare');
  const streams = Number(arg('streams', '2000'));
  const base = new URL(arg('url', 'http://127.0.0.1:0'));
  let open: () => OpenStream;
  if (mode === 'chat-ts') {
    const { ChatBuilder } = fromDist<typeof import('../../lib')>('index.js');
    const { ChatCompletionsBuilder } = fromDist<typeof import('../../lib/providers/completions')>('providers/completions/index.js');
    const provider = new ChatCompletionsBuilder().withBaseUrl(`${base.origin}/v1`).withModel('bench-model').build();
    const chat = new ChatBuilder().withModel(provider).build();
    open = () => chatStream(chat);
  } else {
    const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: PROMPT }], stream: true, stream_options: { include_usage: true } });
    open = () => bareStream(base, body);
  }
  // warm up: every lazily loaded module and inline cache of one stream's life, then the baseline
  for (let i = 0; i < 3; i++) {
    const warm = open();
    await warm.firstChunk;
    warm.cancel();
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  const before = heapUsed();
  const list = Array.from({ length: streams }, () => open());
  await Promise.all(list.map((s) => s.firstChunk));
  const held = heapUsed();
  for (const s of list) s.cancel();
  printResult({ mode, streams, heapBeforeBytes: before, heapHeldBytes: held, heapPerStreamBytes: (held - before) / streams });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
