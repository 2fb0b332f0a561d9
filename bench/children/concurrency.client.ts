/*
 * Client side of the concurrency bench: opens N streams at once against the drip server and
 * waits until every one has ended; `--mode bare` reads them with node:http (split on blank lines,
 * JSON.parse), `--mode chat-ts` through chat.stream(). One mode per process, so the peak RSS is
 * that client's. Prints { mode, streams, ok, failed, chunks, wallMs, cpuMs, peakRssMiB, baseRssMiB }.
 */
import { arg, fromDist, printResult } from './dist.loader';
import { chatStream, rawSseStream } from './stream-readers';

const PROMPT = 'Hold the line.';

async function main(): Promise<void> {
  const mode = arg('mode', 'bare');
  const streams = Number(arg('streams', '1000'));
  const base = new URL(arg('url', 'http://127.0.0.1:0'));
  let open: () => Promise<number>;
  if (mode === 'chat-ts') {
    const { ChatBuilder } = fromDist<typeof import('../../lib')>('index.js');
    const { ChatCompletionsBuilder } = fromDist<typeof import('../../lib/providers/completions')>('providers/completions/index.js');
    const provider = new ChatCompletionsBuilder().withBaseUrl(`${base.origin}/v1`).withModel('bench-model').build();
    const chat = new ChatBuilder().withModel(provider).build();
    open = () => chatStream(chat, PROMPT);
  } else {
    const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: PROMPT }], stream: true, stream_options: { include_usage: true } });
    open = () => rawSseStream(base, body);
  }
  if (global.gc) global.gc();
  const baseRssMiB = process.memoryUsage.rss() / 2 ** 20;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const settled = await Promise.allSettled(Array.from({ length: streams }, () => open()));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  printResult({
    mode,
    streams,
    ok: streams - failures.length,
    failed: failures.length,
    firstError: failures[0] ? String((failures[0].reason as Error)?.message ?? failures[0].reason) : undefined,
    chunks: settled.reduce((sum, s) => sum + (s.status === 'fulfilled' ? s.value : 0), 0),
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    baseRssMiB,
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
