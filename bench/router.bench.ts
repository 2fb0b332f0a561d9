/**
 * Router bench: the CPU the router adds to each request, next to the bare provider, measured side
 * by side (interleaved rounds). Twice: over HTTP against the provider emulator running in a child
 * process (so only the client's CPU is counted), and in memory against a provider that answers at
 * once (so the router's own cost is not lost in the noise of sockets and JSON).
 *
 * Run alone: `npx ts-node --transpile-only bench/router.bench.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { lastValueFrom, Observable } from 'rxjs';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../lib/core/provider.types';
import type { ModelStreamEvent } from '../lib/core/stream-event.types';
import { ResponsesBuilder } from '../lib/providers/responses';
import { CircuitBreaker, KeywordStrategy, RouterBuilder } from '../lib/router';
import { report, sideBySide, type Measurement } from './support/measure';

const request: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hello, how are you today?' }] }] };
const answer: ProviderResponse = {
  parts: [{ type: 'text', text: 'Fine, thank you.' }],
  usage: { inputTokens: 7, outputTokens: 4, totalTokens: 11 },
  finishReason: { unified: 'stop', raw: 'stop' },
  metadata: { provider: 'memory', model: 'memory-1' },
};

/** A provider that answers at once, without I/O. */
function memoryProvider(): ChatProvider {
  const finish: ModelStreamEvent = { type: 'step-finish', response: answer };
  return {
    id: 'memory',
    model: 'memory-1',
    capabilities: { tools: true, structuredOutput: true, streaming: true, embeddings: false, vision: false, nativeTools: [] },
    complete: async () => answer,
    stream: () =>
      new Observable<ModelStreamEvent>((subscriber) => {
        subscriber.next({ type: 'text-delta', delta: 'Fine, thank you.' });
        subscriber.next(finish);
        subscriber.complete();
      }),
    embed: async () => {
      throw new Error('no embeddings');
    },
  };
}

/** Starts `chat-ts emulate` in a child process; resolves with its base URL. */
function startEmulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const main = join(__dirname, '..', 'lib', 'cli', 'main.ts');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', main, 'emulate', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the emulator process did not start within 30 s')), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    });
    child.once('exit', (code) => reject(new Error(`the emulator process exited with ${code}`)));
  });
}

function perRequest(m: Measurement): number {
  return m.cpuMicros / m.iterations;
}

/** Runs the bench; returns the printable report. */
export async function benchRouter(options: { httpRequests?: number; memoryRequests?: number } = {}): Promise<string> {
  const httpRequests = options.httpRequests ?? 2_000;
  const memoryRequests = options.memoryRequests ?? 200_000;
  const lines: string[] = [];

  // in memory: the router's own cost
  const bare = memoryProvider();
  const plain = new RouterBuilder().addProvider(bare).build();
  const full = new RouterBuilder()
    .addProvider(bare, { name: 'a' })
    .addProvider(memoryProvider(), { name: 'b' })
    .withStrategy(new KeywordStrategy([{ match: ['invoice', 'refund'], provider: 'b' }]))
    .withCircuitBreaker(new CircuitBreaker())
    .build();
  const [memBare, memRouter] = await sideBySide({ label: 'provider.complete (memory)', fn: () => bare.complete(request) }, { label: 'router.complete (memory)', fn: () => plain.complete(request) }, memoryRequests);
  lines.push(report('Router overhead, in memory: complete()', memBare, memRouter));
  const [, memFull] = await sideBySide({ label: 'provider.complete (memory)', fn: () => bare.complete(request) }, { label: 'router+keyword+breaker (memory)', fn: () => full.complete(request) }, memoryRequests);
  lines.push(report('Router with a keyword strategy and a circuit breaker, in memory', memBare, memFull));
  const [streamBare, streamRouter] = await sideBySide(
    { label: 'provider.stream (memory)', fn: () => lastValueFrom(bare.stream(request)) },
    { label: 'router.stream (memory)', fn: () => lastValueFrom(plain.stream(request)) },
    memoryRequests,
  );
  lines.push(report('Router overhead, in memory: stream()', streamBare, streamRouter));

  // over HTTP: the emulator in a child process
  const { url, child } = await startEmulatorProcess();
  try {
    const http = new ResponsesBuilder().withModel('bench').withBaseUrl(`${url}/v1`).withApiKey('sk-bench').build();
    const routed = new RouterBuilder().addProvider(http).withCircuitBreaker(new CircuitBreaker()).build();
    const [httpBare, httpRouter] = await sideBySide({ label: 'provider.complete (HTTP)', fn: () => http.complete(request) }, { label: 'router.complete (HTTP)', fn: () => routed.complete(request) }, httpRequests);
    lines.push(report('Router over HTTP (emulator in a child process; client CPU only)', httpBare, httpRouter));
    lines.push(
      `  router adds ${(perRequest(memRouter) - perRequest(memBare)).toFixed(2)} µs CPU per complete(), ` +
        `${(perRequest(memFull) - perRequest(memBare)).toFixed(2)} µs with a strategy and a breaker, ` +
        `${(perRequest(streamRouter) - perRequest(streamBare)).toFixed(2)} µs per stream() (in memory); ` +
        `over HTTP the difference is ${(perRequest(httpRouter) - perRequest(httpBare)).toFixed(1)} µs on ${perRequest(httpBare).toFixed(0)} µs per request (within noise).`,
    );
  } finally {
    child.kill('SIGTERM');
  }
  return lines.join('\n');
}

if (require.main === module) {
  benchRouter().then(
    (text) => console.log(text),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
