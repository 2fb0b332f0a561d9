import { defer, from, mergeMap, type Observable } from 'rxjs';
import type { ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { NetworkError } from '../../errors/network.error';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import { AbortedError } from '../../errors/aborted.error';
import { ChatError } from '../../errors/chat.error';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import { ChatCompletionsProvider, joinUrl } from '../completions/completions.provider';
import type { OllamaConfig, OllamaModelInfo, OllamaPullProgress } from './ollama-config.types';
import { mapOllamaEmbedRequest, mapOllamaEmbedResponse } from './ollama-embed.mapper';
import { OllamaPullMapper } from './ollama-pull.mapper';

/** Options of {@link OllamaProvider.pull}. */
export interface OllamaPullOptions {
  readonly signal?: AbortSignal;
  /** Allow insecure connections to the registry. */
  readonly insecure?: boolean;
}

/**
 * Ollama: chat through its OpenAI-compatible `/v1` endpoints, plus its native API for `ping()`,
 * `version()`, `listModels()`, `pull()` with progress and `/api/embed` embeddings.
 *
 * @example
 * const ollama = new OllamaBuilder().withModel('llama3.2').build();
 * if (await ollama.ping()) await ollama.pull('llama3.2', (p) => console.log(p.status, p.completed, p.total));
 */
export class OllamaProvider<E extends boolean = boolean> extends ChatCompletionsProvider<E> {
  /** The server root, for native endpoints (the base URL without `/v1`). */
  readonly nativeUrl: string;
  readonly #embeddingApi: OllamaConfig['embeddingApi'];
  readonly #pullIdleTimeout?: number;
  readonly #ensure?: OllamaConfig['ensureModel'];
  /** Models made sure of (or being made sure of), by name: one check per model, shared by concurrent requests. */
  readonly #ensured = new Map<string, Promise<boolean>>();

  constructor(config: OllamaConfig) {
    super({ ...config, id: config.id ?? 'ollama' });
    this.nativeUrl = config.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.#embeddingApi = config.embeddingApi;
    this.#pullIdleTimeout = config.pullIdleTimeout;
    this.#ensure = config.ensureModel;
  }

  /**
   * Makes sure a model is on the server, as the Ollama CLI does before running one: pings the
   * server (a `NetworkError` naming it when it does not answer), lists its models (`llama3.2`
   * matches `llama3.2:latest`), and pulls the model when it is missing, reporting the progress.
   * Resolves `true` when it pulled.
   */
  async ensureModel(model: string = this.model, onProgress?: (progress: OllamaPullProgress) => void, options: OllamaPullOptions = {}): Promise<boolean> {
    if (!(await this.ping({ signal: options.signal }))) {
      throw new NetworkError(`${this.id}: no Ollama server answers at ${this.nativeUrl} (start it with \`ollama serve\`, or set OLLAMA_HOST)`, { provider: this.id });
    }
    const wanted = model.includes(':') ? model : `${model}:latest`;
    const installed = await this.listModels({ signal: options.signal });
    if (installed.some((m) => m.name === model || m.name === wanted)) return false;
    await this.pull(model, onProgress, options);
    return true;
  }

  override async complete(request: ProviderRequest): Promise<ProviderResponse> {
    await this.ready(this.model);
    return super.complete(request);
  }

  override stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    if (!this.#ensure) return super.stream(request);
    return defer(() => from(this.ready(this.model))).pipe(mergeMap(() => super.stream(request)));
  }

  /** With `ensureModel` configured: the model's one check before its first request (retried after a failure). */
  private ready(model: string): Promise<unknown> {
    if (!this.#ensure) return Promise.resolve();
    let pending = this.#ensured.get(model);
    if (!pending) {
      pending = this.ensureModel(model, this.#ensure.onProgress);
      this.#ensured.set(model, pending);
      pending.catch(() => this.#ensured.delete(model));
    }
    return pending;
  }

  /** True when the server answers `/api/version`; false when it cannot be reached. */
  async ping(options: { signal?: AbortSignal; timeout?: number } = {}): Promise<boolean> {
    try {
      await this.version(options);
      return true;
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      if (error instanceof ChatError) return false;
      throw error;
    }
  }

  /** The server's version (`GET /api/version`). */
  async version(options: { signal?: AbortSignal; timeout?: number } = {}): Promise<string> {
    const body = await this.sendJson<{ version?: unknown }>(this.nativeRequest('GET', 'api/version', undefined, options));
    return typeof body?.version === 'string' ? body.version : 'unknown';
  }

  /** Models installed on the server (`GET /api/tags`). */
  async listModels(options: { signal?: AbortSignal; timeout?: number } = {}): Promise<OllamaModelInfo[]> {
    const body = await this.sendJson<{ models?: unknown }>(this.nativeRequest('GET', 'api/tags', undefined, options));
    const models = Array.isArray(body?.models) ? (body.models as Record<string, unknown>[]) : [];
    return models
      .filter((m) => typeof m?.name === 'string')
      .map((m) => ({
        name: m.name as string,
        ...(typeof m.size === 'number' ? { size: m.size } : {}),
        ...(typeof m.digest === 'string' ? { digest: m.digest } : {}),
        ...(typeof m.modified_at === 'string' ? { modifiedAt: m.modified_at } : {}),
      }));
  }

  /** Downloads a model (`POST /api/pull`), as a cold Observable of progress lines; unsubscribing aborts. */
  pullProgress(model: string, options: OllamaPullOptions = {}): Observable<OllamaPullProgress> {
    return this.openStream<string, OllamaPullProgress>(
      this.nativeRequest('POST', 'api/pull', { model, stream: true, ...(options.insecure ? { insecure: true } : {}) }, options),
      'ndjson',
      () => new OllamaPullMapper(this.id, model),
      this.#pullIdleTimeout ?? 600_000,
    );
  }

  /** Downloads a model, calling `onProgress` for each progress line; resolves when Ollama reports success. */
  pull(model: string, onProgress?: (progress: OllamaPullProgress) => void, options: OllamaPullOptions = {}): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pullProgress(model, options).subscribe({ next: (p) => onProgress?.(p), error: reject, complete: resolve });
    });
  }

  override async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const embeddingModel = request.model ?? this.config.embeddingModel;
    if (embeddingModel) await this.ready(embeddingModel);
    if (this.#embeddingApi === 'compatible') return super.embed(request);
    const model = embeddingModel;
    if (!model) throw new UnsupportedFeatureError(`${this.id}: no embedding model configured (use withEmbeddings(model))`, { provider: this.id });
    if (request.texts.length === 0) throw new InvalidRequestError(`${this.id}: nothing to embed (empty input)`, { provider: this.id });
    const body = await this.sendJson<unknown>(this.nativeRequest('POST', 'api/embed', mapOllamaEmbedRequest(model, request), request));
    return this.guard(() => mapOllamaEmbedResponse(body, this.id, model, request.texts.length));
  }

  private nativeRequest(
    method: 'GET' | 'POST',
    path: string,
    body: Record<string, unknown> | undefined,
    options: { signal?: AbortSignal; timeout?: number; headers?: Readonly<Record<string, string>> },
  ) {
    return { ...this.httpRequest(path, body, options), url: joinUrl(this.nativeUrl, path), method };
  }
}
