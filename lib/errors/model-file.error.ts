import { ConfigurationError } from './configuration.error';
import type { ChatErrorOptions } from './chat.error';

/** Why a local model file could not be used. */
export type ModelFileProblem = 'not-found' | 'not-a-file' | 'unreadable' | 'not-gguf' | 'load-failed';

/**
 * A local model file (GGUF) is missing, unreadable, not GGUF, or could not be loaded. Raised by
 * `build()` of in-process providers; `code` says which (`not-found`, `not-gguf`, ...), `path` where.
 *
 * @example
 * try { await new LlamaCppBuilder().withModelPath('missing.gguf').build(); }
 * catch (e) { if (e instanceof ModelFileError && e.code === 'not-found') console.error(e.message); }
 */
export class ModelFileError extends ConfigurationError {
  override readonly code: ModelFileProblem;
  /** The model path as given. */
  readonly path: string;

  constructor(message: string, options: ChatErrorOptions & { problem: ModelFileProblem; path: string }) {
    super(message, { ...options, code: options.problem });
    this.code = options.problem;
    this.path = options.path;
  }
}
