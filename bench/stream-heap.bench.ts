/**
 * JS heap held per open stream: N streams (default 2,000, `BENCH_HEAP_STREAMS`) open at once
 * against the drip server, each past its first text chunk, measured after full GCs, for a bare
 * node:http reader and for `chat.stream()`, each client in its own process (median of
 * `BENCH_HEAP_RUNS`, default 3). Target: ≤ 10 KB per chat-ts stream; the ratio to the bare reader
 * is reported. Heap figures do not depend on CPU load, unlike wall or CPU time.
 *
 * Run alone: `npm run bench -- stream-heap`.
 */
import { atMost, envNumber, info, type BenchOutcome } from './support/bench-result';
import { median } from './support/measure';
import { ensureBuilt, runClient, startServer } from './support/processes';

/** Target: heap held per open chat.stream(), KB (1 KB = 1,024 bytes). */
export const STREAM_HEAP_TARGET_KB = 10;

/** What one client process reports. */
export interface StreamHeapResult {
  readonly mode: 'bare' | 'chat-ts';
  readonly streams: number;
  readonly heapBeforeBytes: number;
  readonly heapHeldBytes: number;
  readonly heapPerStreamBytes: number;
}

/** Measures the heap a bare reader and chat-ts hold per open stream. */
export async function benchStreamHeap(): Promise<BenchOutcome> {
  const streams = envNumber('BENCH_HEAP_STREAMS', 2000);
  const runs = Math.max(1, envNumber('BENCH_HEAP_RUNS', 3));
  ensureBuilt((line) => console.error(line));
  // streams stay open far longer than the measurement; the client cancels them
  const server = await startServer('sse.server', ['--mode', 'drip', '--interval', '100', '--hold', '600000'], { manyFiles: true });
  const results: Record<'bare' | 'chat-ts', StreamHeapResult[]> = { bare: [], 'chat-ts': [] };
  try {
    for (let r = 0; r < runs; r++) {
      for (const mode of r % 2 === 0 ? (['bare', 'chat-ts'] as const) : (['chat-ts', 'bare'] as const)) {
        results[mode].push(
          await runClient<StreamHeapResult>('stream-heap.client', ['--mode', mode, '--streams', String(streams), '--url', server.url], {
            manyFiles: true,
            nodeArgs: ['--expose-gc'],
          }),
        );
      }
    }
  } finally {
    await server.stop();
  }
  const perStream = (mode: 'bare' | 'chat-ts'): number => median(results[mode].map((r) => r.heapPerStreamBytes)) / 1024;
  const bare = perStream('bare');
  const chat = perStream('chat-ts');
  const report = [
    `## Heap per open stream: ${streams.toLocaleString('en-US')} streams open at once, after full GCs, each client in its own process (median of ${runs})`,
    `  bare node:http reader  ${bare.toFixed(1).padStart(6)} KB/stream  (runs: ${results.bare.map((r) => (r.heapPerStreamBytes / 1024).toFixed(1)).join(', ')})`,
    `  chat.stream()          ${chat.toFixed(1).padStart(6)} KB/stream  (runs: ${results['chat-ts'].map((r) => (r.heapPerStreamBytes / 1024).toFixed(1)).join(', ')})`,
    `  chat.stream() / bare: ${(chat / bare).toFixed(2)}× heap per stream; target ≤ ${STREAM_HEAP_TARGET_KB} KB`,
  ].join('\n');
  return {
    report,
    checks: [
      atMost('stream heap: KB per open chat.stream()', chat, STREAM_HEAP_TARGET_KB, ' KB', 1),
      info('stream heap: chat.stream() vs bare reader', `${(chat / bare).toFixed(2)}× (bare ${bare.toFixed(1)} KB)`),
    ],
  };
}

if (require.main === module) {
  benchStreamHeap().then(
    (outcome) => console.log(outcome.report),
    (error: unknown) => console.error(error),
  );
}
