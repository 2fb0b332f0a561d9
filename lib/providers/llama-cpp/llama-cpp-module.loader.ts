import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';
import type * as NodeLlamaCpp from 'node-llama-cpp';
import { ConfigurationError } from '../../errors/configuration.error';
import { NODE_LLAMA_CPP_VERSION } from './llama-cpp.version';

/** The `node-llama-cpp` module namespace (ESM-only, loaded lazily). */
export type NodeLlamaCppModule = typeof NodeLlamaCpp;


const INSTALL_HINT =
  `Install it next to chat-ts: npm i -E node-llama-cpp@${NODE_LLAMA_CPP_VERSION} ` +
  '(set NODE_LLAMA_CPP_SKIP_DOWNLOAD=true to keep the install offline; the prebuilt CPU binary is used).';

type Importer = (url: string) => Promise<unknown>;

/** A real `import()` that TypeScript's CommonJS output does not rewrite into `require()`. */
const nativeImport = new Function('url', 'return import(url)') as Importer;

/**
 * Some hosts run CommonJS inside a `vm` context with no dynamic-import hook (jest without
 * `--experimental-vm-modules`); there the main context's default loader still works.
 */
function mainContextImport(): Importer | undefined {
  const loader = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (loader === undefined) return undefined;
  const options = { importModuleDynamically: loader } as unknown as vm.RunningScriptOptions;
  return vm.runInThisContext('(url) => import(url)', options) as Importer;
}

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

const cache = new Map<string, Promise<NodeLlamaCppModule>>();

async function load(specifier: string): Promise<NodeLlamaCppModule> {
  let resolved: string;
  try {
    resolved = require.resolve(specifier);
  } catch (error) {
    throw new ConfigurationError(`The local model provider needs the optional package "${specifier}", which is not installed. ${INSTALL_HINT}`, {
      provider: 'llama-cpp',
      code: 'module-not-found',
      cause: error,
    });
  }
  const url = pathToFileURL(resolved).href;
  try {
    return (await nativeImport(url)) as NodeLlamaCppModule;
  } catch (first) {
    const fallback = codeOf(first) === 'ERR_MODULE_NOT_FOUND' ? undefined : mainContextImport();
    try {
      if (fallback) return (await fallback(url)) as NodeLlamaCppModule;
    } catch (second) {
      first = second;
    }
    throw new ConfigurationError(`"${specifier}" is installed but could not be loaded: ${messageOf(first)}. ${INSTALL_HINT}`, {
      provider: 'llama-cpp',
      code: 'module-load-failed',
      cause: first,
    });
  }
}

/**
 * Loads `node-llama-cpp` on first use (it is an optional, ESM-only peer dependency). Requiring
 * `chat-ts` never loads it. A missing package is a `ConfigurationError` that says how to install it.
 */
export function loadNodeLlamaCpp(specifier = 'node-llama-cpp'): Promise<NodeLlamaCppModule> {
  let pending = cache.get(specifier);
  if (!pending) {
    pending = load(specifier);
    pending.catch(() => cache.delete(specifier));
    cache.set(specifier, pending);
  }
  return pending;
}
