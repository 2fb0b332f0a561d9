import type { ChatCompletionsConfig } from '../completions/completions-config.types';

/** Config of an {@link OllamaProvider}: the Chat Completions config plus Ollama's native endpoints. */
export interface OllamaConfig extends ChatCompletionsConfig {
  /** Embed through the native `/api/embed` (default) or the compatible `/v1/embeddings`. */
  readonly embeddingApi?: 'native' | 'compatible';
  /** Idle timeout of `pull()` progress streams (default 10 minutes: verifying a large model is quiet). */
  readonly pullIdleTimeout?: number;
  /**
   * Make sure the model is on the server before its first request (ping, list, pull when missing),
   * as `OllamaBuilder.withEnsureModel()` sets it; `onProgress` receives the pull's progress lines.
   */
  readonly ensureModel?: { readonly onProgress?: (progress: OllamaPullProgress) => void };
}

/** One progress line of `POST /api/pull`. */
export interface OllamaPullProgress {
  /** e.g. `pulling manifest`, `pulling 8eeb52dfb3bb`, `verifying sha256 digest`, `success`. */
  readonly status: string;
  readonly digest?: string;
  /** Bytes of the layer being downloaded. */
  readonly total?: number;
  readonly completed?: number;
}

/** A model installed on the server (`GET /api/tags`). */
export interface OllamaModelInfo {
  readonly name: string;
  readonly size?: number;
  readonly digest?: string;
  readonly modifiedAt?: string;
}
