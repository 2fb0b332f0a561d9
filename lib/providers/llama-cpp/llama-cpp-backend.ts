import type { Llama, LlamaLogLevel } from 'node-llama-cpp';
import { ConfigurationError } from '../../errors/configuration.error';
import type { NodeLlamaCppModule } from './llama-cpp-module.loader';
import type { LlamaCppGpu, LlamaCppLogLevel } from './llama-cpp.options';

/** A shared llama.cpp backend; `release()` disposes it when its last user lets go. */
export interface LlamaBackendLease {
  readonly llama: Llama;
  release(): Promise<void>;
}

interface Entry {
  readonly llama: Promise<Llama>;
  refs: number;
}

const backends = new Map<string, Entry>();

function gpuHint(gpu: LlamaCppGpu): string {
  return gpu === 'off'
    ? 'The prebuilt CPU binary of node-llama-cpp was not found: reinstall node-llama-cpp for this platform.'
    : `No usable "${gpu}" build of llama.cpp was found, and chat-ts never builds or downloads at run time. ` +
        `Build it once yourself (npx --no node-llama-cpp source download --gpu ${gpu === 'auto' ? 'cuda' : gpu}) or use gpu "off".`;
}

async function open(module: NodeLlamaCppModule, gpu: LlamaCppGpu, logLevel: LlamaCppLogLevel): Promise<Llama> {
  try {
    return await module.getLlama({
      gpu: gpu === 'off' ? false : gpu,
      build: 'never',
      skipDownload: true,
      usePrebuiltBinaries: true,
      progressLogs: false,
      logLevel: logLevel as LlamaLogLevel,
    });
  } catch (error) {
    const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
    throw new ConfigurationError(`llama.cpp backend could not start (gpu: ${gpu}): ${message}. ${gpuHint(gpu)}`, {
      provider: 'llama-cpp',
      code: 'backend-unavailable',
      cause: error,
    });
  }
}

/**
 * Opens (or shares) the llama.cpp backend for a GPU setting and log level. Never builds from
 * source and never downloads: `build: 'never'`, `skipDownload: true`. Starting a backend tests the
 * native binary once (about half a second), so models loaded with the same settings share it.
 */
export async function acquireBackend(module: NodeLlamaCppModule, gpu: LlamaCppGpu, logLevel: LlamaCppLogLevel): Promise<LlamaBackendLease> {
  const key = `${gpu}|${logLevel}`;
  let entry = backends.get(key);
  if (entry && (await entry.llama.then((llama) => llama.disposed, () => true))) {
    // disposed behind our back (node-llama-cpp frees backends before exit): start a new one
    if (backends.get(key) === entry) backends.delete(key);
    entry = undefined;
  }
  if (!entry) {
    entry = { llama: open(module, gpu, logLevel), refs: 0 };
    backends.set(key, entry);
    entry.llama.catch(() => backends.delete(key));
  }
  const current = entry;
  current.refs++;
  let llama: Llama;
  try {
    llama = await current.llama;
  } catch (error) {
    current.refs--;
    throw error;
  }
  let released = false;
  return {
    llama,
    release: async () => {
      if (released) return;
      released = true;
      if (--current.refs > 0) return;
      if (backends.get(key) === current) backends.delete(key);
      await llama.dispose();
    },
  };
}
