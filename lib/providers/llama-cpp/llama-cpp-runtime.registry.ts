import { ConfigurationError } from '../../errors/configuration.error';
import type { LlamaCppRuntime } from './llama-cpp.runtime';

const runtimes = new WeakMap<object, LlamaCppRuntime>();

/** @internal links a public `LlamaCppModel` to its loaded llama.cpp objects. */
export function bindRuntime(model: object, runtime: LlamaCppRuntime): void {
  runtimes.set(model, runtime);
}

/** @internal the loaded llama.cpp objects of a `LlamaCppModel` (kept out of its public type). */
export function runtimeOf(model: object): LlamaCppRuntime {
  const runtime = runtimes.get(model);
  if (!runtime) throw new ConfigurationError('llama-cpp: not a loaded LlamaCppModel', { provider: 'llama-cpp' });
  return runtime;
}
