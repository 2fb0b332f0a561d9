/**
 * Local model bench: load time, time to first token and tokens/s of the tiny generated GGUF model,
 * through the chat-ts provider beside node-llama-cpp used directly (same model, context and
 * sampling). The provider's own cost per token should be negligible next to llama.cpp's.
 *
 * Run alone: `npx ts-node --transpile-only bench/llama-cpp.bench.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, tap } from 'rxjs';
import { LlamaCppBuilder, type LlamaCppProvider } from '../lib/providers/llama-cpp';
import { loadNodeLlamaCpp } from '../lib/providers/llama-cpp/llama-cpp-module.loader';
import { writeTinyLlama } from '../lib/testing/gguf';

/** Options of {@link benchLlamaCpp}. */
export interface LlamaCppBenchOptions {
  /** A GGUF to measure instead of the generated tiny model. */
  readonly modelPath?: string;
  /** Tokens generated per request (default 64). */
  readonly tokens?: number;
  /** Requests per side (default 30), interleaved. */
  readonly requests?: number;
  /** Context size of both sides (default 1024). */
  readonly contextSize?: number;
}

/** One side's numbers. */
export interface LlamaCppBenchSide {
  readonly label: string;
  /** Backend start + model load + context, ms. */
  readonly loadMs: number;
  /** Median time to first token, ms. */
  readonly firstTokenMs: number;
  /** Median over requests of generated tokens per second (prompt evaluation included). */
  readonly tokensPerSecond: number;
}

/** What {@link benchLlamaCpp} measured, and its printable report. */
export interface LlamaCppBenchResult {
  readonly direct: LlamaCppBenchSide;
  readonly provider: LlamaCppBenchSide;
  /** Provider wall time per token minus direct wall time per token, µs (noise makes it ±). */
  readonly overheadMicrosPerToken: number;
  readonly report: string;
}

type Run = { firstTokenMs: number; totalMs: number; tokens: number };

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Measures the provider against node-llama-cpp used directly on the same model. */
export async function benchLlamaCpp(options: LlamaCppBenchOptions = {}): Promise<LlamaCppBenchResult> {
  process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';
  const tokens = options.tokens ?? 64;
  const requests = options.requests ?? 30;
  const contextSize = options.contextSize ?? 1024;
  const dir = options.modelPath ? undefined : await mkdtemp(join(tmpdir(), 'chat-ts-bench-'));
  const modelPath = options.modelPath ?? (await writeTinyLlama(join(dir!, 'tiny.gguf'), { neverEnds: true }));
  const module = await loadNodeLlamaCpp();

  // node-llama-cpp directly
  let start = now();
  const llama = await module.getLlama({ gpu: false, build: 'never', skipDownload: true, logLevel: module.LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize, sequences: 1, threads: 1 });
  const chat = new module.LlamaChat({ contextSequence: context.getSequence(), chatWrapper: module.resolveChatWrapper(model, { type: 'chatML' }) });
  const directLoadMs = now() - start;

  // the provider
  start = now();
  const provider: LlamaCppProvider = await new LlamaCppBuilder()
    .withModelPath(modelPath)
    .withChatFormat('chatML')
    .withContextSize(contextSize)
    .withSequences(1)
    .withThreads(1)
    .withLogLevel('error')
    .build();
  const providerLoadMs = now() - start;

  const direct = async (i: number): Promise<Run> => {
    const t0 = now();
    let first = 0;
    await chat.generateResponse([{ type: 'user', text: `Request ${i}` }], {
      maxTokens: tokens,
      temperature: 0,
      onTextChunk: () => (first ||= now()),
    });
    return { firstTokenMs: first - t0, totalMs: now() - t0, tokens: tokens };
  };
  const viaProvider = async (i: number): Promise<Run> => {
    const t0 = now();
    let first = 0;
    const last = await lastValueFrom(
      provider
        .stream({ messages: [{ role: 'user', parts: [{ type: 'text', text: `Request ${i}` }] }], options: { maxTokens: tokens, temperature: 0 } })
        .pipe(tap((event) => event.type === 'text-delta' && (first ||= now()))),
    );
    const generated = last.type === 'step-finish' ? last.response.usage.outputTokens : 0;
    return { firstTokenMs: first - t0, totalMs: now() - t0, tokens: generated };
  };

  await direct(-1);
  await viaProvider(-1);
  const runs: { direct: Run[]; provider: Run[] } = { direct: [], provider: [] };
  for (let i = 0; i < requests; i++) {
    // alternate who goes first, so drift and cache effects hit both sides alike
    if (i % 2 === 0) {
      runs.direct.push(await direct(i));
      runs.provider.push(await viaProvider(i));
    } else {
      runs.provider.push(await viaProvider(i));
      runs.direct.push(await direct(i));
    }
  }

  await provider.dispose();
  await llama.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });

  const side = (label: string, loadMs: number, list: Run[]): LlamaCppBenchSide => ({
    label,
    loadMs,
    firstTokenMs: median(list.map((r) => r.firstTokenMs)),
    tokensPerSecond: median(list.map((r) => (r.tokens / r.totalMs) * 1000)),
  });
  const directSide = side('node-llama-cpp directly', directLoadMs, runs.direct);
  const providerSide = side('chat-ts LlamaCppProvider', providerLoadMs, runs.provider);
  const overheadMicrosPerToken = 1e6 / providerSide.tokensPerSecond - 1e6 / directSide.tokensPerSecond;
  const line = (s: LlamaCppBenchSide): string =>
    `  ${s.label.padEnd(26)} load ${s.loadMs.toFixed(0).padStart(6)} ms   first token ${s.firstTokenMs.toFixed(1).padStart(7)} ms   ${s.tokensPerSecond.toFixed(0).padStart(6)} tokens/s`;
  const report = [
    `## Local model (llama.cpp), ${options.modelPath ?? 'tiny generated GGUF'}: ${requests} × ${tokens} tokens, 1 thread`,
    line(directSide),
    line(providerSide),
    `  provider overhead: ${overheadMicrosPerToken.toFixed(1)} µs per token (median wall time; on a busy machine this is within noise)`,
  ].join('\n');
  return { direct: directSide, provider: providerSide, overheadMicrosPerToken, report };
}

if (require.main === module) {
  benchLlamaCpp().then(
    (result) => console.log(result.report),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
