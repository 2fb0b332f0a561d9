import { availableParallelism } from 'node:os';
import { ConfigurationError } from '../../errors/configuration.error';

/** Where llama.cpp runs: CPU only (`off`, the default), the best GPU found (`auto`), or a named backend. */
export type LlamaCppGpu = 'off' | 'auto' | 'cuda' | 'vulkan' | 'metal';

/** llama.cpp log level forwarded by node-llama-cpp. */
export type LlamaCppLogLevel = 'disabled' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';

/**
 * How conversations are rendered into the prompt: `auto` (default) reads the model's chat template
 * (about a second, once per load); naming the format (e.g. `chatML`, `llama3.1`, `qwen`) is instant.
 */
export type LlamaCppChatFormat =
  | 'auto'
  | 'general'
  | 'deepSeek'
  | 'qwen'
  | 'llama3.2-lightweight'
  | 'llama3.1'
  | 'llama3'
  | 'llama2Chat'
  | 'mistral'
  | 'alpacaChat'
  | 'functionary'
  | 'chatML'
  | 'falconChat'
  | 'gemma4'
  | 'gemma'
  | 'harmony'
  | 'muse'
  | 'seed'
  | 'jinjaTemplate';

/** Everything needed to load a local GGUF model; a plain object, so it can come from configuration. */
export interface LlamaCppModelOptions {
  /** Path of the `.gguf` file. */
  readonly modelPath: string;
  /** Model id reported in responses (default: the file name without `.gguf`). */
  readonly modelName?: string;
  /** Tokens per sequence (default: what memory allows between 1,024 and min(trained size, 4,096)). */
  readonly contextSize?: number;
  /** CPU threads per context (default 1 on machines with 4 cores or fewer, else node-llama-cpp's choice). */
  readonly threads?: number;
  /** GPU use (default `off`: the prebuilt CPU binary). GPU backends must already be installed or built. */
  readonly gpu?: LlamaCppGpu;
  /** Layers offloaded to the GPU when `gpu` is not `off` (default `auto`). */
  readonly gpuLayers?: number | 'auto' | 'max';
  /** Tokens evaluated per batch (default: node-llama-cpp's, 512 or the context size). */
  readonly batchSize?: number;
  /** Default sampling seed; a request's `seed` option wins. */
  readonly seed?: number;
  /** Requests that can generate at the same time, each on its own context sequence (default 2). */
  readonly sequences?: number;
  /** Requests that may wait when every sequence is busy (default 16); more fail with `QueueFullError`. */
  readonly queueLimit?: number;
  /** Default cap on generated tokens when a request sets none (default: what is left of the context after the prompt). */
  readonly maxTokens?: number;
  /** Tokens per embedding input (default: the context size). */
  readonly embeddingContextSize?: number;
  /** llama.cpp log level (default `warn`). */
  readonly logLevel?: LlamaCppLogLevel;
  /** Prompt format (default `auto`: from the model's chat template). */
  readonly chatFormat?: LlamaCppChatFormat;
  /** Package to import instead of `node-llama-cpp` (tests, forks). */
  readonly moduleSpecifier?: string;
}

/** Defaults applied by {@link resolveOptions}. */
export const LLAMA_CPP_DEFAULTS = {
  sequences: 2,
  queueLimit: 16,
  minContextSize: 1024,
  maxAutoContextSize: 4096,
  logLevel: 'warn',
  gpu: 'off',
} as const;

/** Default CPU threads per context: 1 on small machines, where more threads oversubscribe the cores. */
export function defaultThreads(cores = availableParallelism()): number | undefined {
  return cores <= 4 ? 1 : undefined;
}

function positiveInteger(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(`llama-cpp: ${name} must be a positive integer, got ${value}`, { provider: 'llama-cpp' });
  return value;
}

/** Checks numbers and fills the defaults that do not depend on the loaded model. */
export function resolveOptions(options: LlamaCppModelOptions): LlamaCppModelOptions & {
  readonly sequences: number;
  readonly queueLimit: number;
  readonly gpu: LlamaCppGpu;
  readonly logLevel: LlamaCppLogLevel;
} {
  positiveInteger('contextSize', options.contextSize);
  positiveInteger('threads', options.threads);
  positiveInteger('batchSize', options.batchSize);
  positiveInteger('maxTokens', options.maxTokens);
  positiveInteger('embeddingContextSize', options.embeddingContextSize);
  if (options.queueLimit !== undefined && (!Number.isInteger(options.queueLimit) || options.queueLimit < 0)) {
    throw new ConfigurationError(`llama-cpp: queueLimit must be an integer >= 0, got ${options.queueLimit}`, { provider: 'llama-cpp' });
  }
  return {
    ...options,
    threads: options.threads ?? defaultThreads(),
    sequences: positiveInteger('sequences', options.sequences) ?? LLAMA_CPP_DEFAULTS.sequences,
    queueLimit: options.queueLimit ?? LLAMA_CPP_DEFAULTS.queueLimit,
    gpu: options.gpu ?? LLAMA_CPP_DEFAULTS.gpu,
    logLevel: options.logLevel ?? LLAMA_CPP_DEFAULTS.logLevel,
  };
}
