/*
 * A lean Chat Completions SSE server for the stream benches, in its own process:
 *   --mode burst --chunks N           every request gets one pre-rendered body of N content chunks
 *   --mode drip --interval MS --hold MS   one chunk per interval (one shared timer for all streams)
 *                                      until the stream is `hold` ms old, then the end of the stream
 * Chunks have the shape OpenAI sends (`chat.completion.chunk`), then a usage chunk and `[DONE]`.
 */
import { createServer, type ServerResponse } from 'node:http';
import { arg, serveUntilSignal } from './dist.loader';

const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.'];

function frame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function chunk(delta: unknown, finish: string | null = null): string {
  return frame({
    id: 'chatcmpl-bench000000000000000000000',
    object: 'chat.completion.chunk',
    created: 1770933892,
    model: 'bench-model',
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
  });
}

/** Content chunk number `i` (a word of text). */
function contentChunk(i: number): string {
  return chunk({ content: WORDS[i % WORDS.length] });
}

function ending(chunks: number): string {
  const usage = frame({
    id: 'chatcmpl-bench000000000000000000000',
    object: 'chat.completion.chunk',
    created: 1770933892,
    model: 'bench-model',
    choices: [],
    usage: { prompt_tokens: 12, completion_tokens: chunks, total_tokens: 12 + chunks },
  });
  return `${chunk({}, 'stop')}${usage}data: [DONE]\n\n`;
}

const START = chunk({ role: 'assistant', content: '', refusal: null });
const HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

function main(): void {
  const mode = arg('mode', 'burst');
  const chunks = Number(arg('chunks', '2000'));
  const interval = Number(arg('interval', '250'));
  const hold = Number(arg('hold', '8000'));
  const body = mode === 'burst' ? START + Array.from({ length: chunks }, (_, i) => contentChunk(i)).join('') + ending(chunks) : '';
  const PIECES = WORDS.map((_, i) => contentChunk(i));

  const open = new Set<{ res: ServerResponse; start: number; sent: number }>();
  if (mode === 'drip') {
    setInterval(() => {
      const now = Date.now();
      for (const stream of open) {
        if (now - stream.start >= hold) {
          open.delete(stream);
          stream.res.end(ending(stream.sent));
        } else {
          stream.res.write(PIECES[stream.sent++ % PIECES.length]);
        }
      }
    }, interval);
  }

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (mode === 'burst') {
        res.writeHead(200, { ...HEADERS, 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      res.writeHead(200, HEADERS);
      res.write(START);
      const stream = { res, start: Date.now(), sent: 0 };
      open.add(stream);
      res.on('close', () => open.delete(stream));
    });
  });
  serveUntilSignal(server, 65_535);
}

main();
