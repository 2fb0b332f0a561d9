import { ConfigurationError } from '../../errors/configuration.error';
import { bindRuntime, runtimeOf } from './llama-cpp-runtime.registry';
import { LlamaCppRuntime } from './llama-cpp.runtime';
import type { LlamaCppGpu, LlamaCppModelOptions } from './llama-cpp.options';

/** What a loaded model is. */
export interface LlamaCppModelInfo {
  /** Model id reported in responses. */
  readonly name: string;
  readonly path: string;
  /** Tokens per sequence. */
  readonly contextSize: number;
  /** Context length the model was trained with. */
  readonly trainContextSize: number;
  /** Requests that can generate at once. */
  readonly sequences: number;
  /** Length of the vectors `embed()` returns. */
  readonly embeddingDimensions: number;
  readonly gpu: LlamaCppGpu;
  /** Layers offloaded to the GPU (0 on CPU). */
  readonly gpuLayers: number;
}

/** What a loaded model is doing right now. */
export interface LlamaCppModelStats {
  readonly sequences: number;
  /** Sequences generating right now. */
  readonly busy: number;
  /** Requests waiting for a sequence. */
  readonly queued: number;
  /** Output tokens generated since load. */
  readonly generatedTokens: number;
}

const live = new Set<LlamaCppModel>();

function disposeAllBeforeExit(): Promise<unknown> {
  return Promise.allSettled([...live].map((model) => model.dispose()));
}

/**
 * A GGUF model loaded in this process through node-llama-cpp: one model, one context with a few
 * sequences (parallel requests) and a bounded queue. Every provider and chat built from it shares
 * it; `dispose()` frees it (models still loaded are freed before the process exits).
 *
 * @example
 * const model = await LlamaCppModel.load({ modelPath: 'qwen2.5-0.5b-instruct-q4_k_m.gguf' });
 * const provider = await new LlamaCppBuilder().withLoadedModel(model).build();
 */
export class LlamaCppModel {
  private constructor(runtime: LlamaCppRuntime) {
    bindRuntime(this, runtime);
  }

  /** Checks the file and loads the model; never downloads and never builds llama.cpp. */
  static async load(options: LlamaCppModelOptions): Promise<LlamaCppModel> {
    const model = new LlamaCppModel(await LlamaCppRuntime.create(options));
    if (live.size === 0) process.once('beforeExit', disposeAllBeforeExit);
    live.add(model);
    return model;
  }

  /** Model id reported in responses. */
  get name(): string {
    return runtimeOf(this).name;
  }

  get disposed(): boolean {
    return runtimeOf(this).disposed;
  }

  get info(): LlamaCppModelInfo {
    const runtime = usable(this);
    return {
      name: runtime.name,
      path: runtime.options.modelPath,
      contextSize: runtime.contextSize,
      trainContextSize: runtime.model.trainContextSize,
      sequences: runtime.pool.total,
      embeddingDimensions: runtime.model.embeddingVectorSize,
      gpu: runtime.options.gpu,
      gpuLayers: runtime.model.gpuLayers,
    };
  }

  stats(): LlamaCppModelStats {
    const runtime = runtimeOf(this);
    return { sequences: runtime.pool.total, busy: runtime.pool.busy, queued: runtime.pool.queued, generatedTokens: runtime.generatedTokens };
  }

  /** Number of tokens `text` takes for this model's tokenizer. */
  countTokens(text: string): number {
    return usable(this).model.tokenize(text).length;
  }

  /** Stops running requests, refuses queued ones, frees the model. Idempotent. */
  async dispose(): Promise<void> {
    live.delete(this);
    if (live.size === 0) process.off('beforeExit', disposeAllBeforeExit);
    await runtimeOf(this).dispose();
  }
}

function usable(model: LlamaCppModel): LlamaCppRuntime {
  const runtime = runtimeOf(model);
  if (runtime.disposed) throw new ConfigurationError('llama-cpp: the model was disposed', { provider: 'llama-cpp', code: 'disposed' });
  return runtime;
}
