import { defer, mergeMap, type Observable } from 'rxjs';
import type { JsonValue } from '../../core/json.types';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { CapabilitiesWith } from '../../core/embedding-support.types';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { ChatError } from '../../errors/chat.error';
import { InvalidRequestError } from '../../errors/invalid-request.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { registerSecret } from '../../errors/secret-registry';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import { defaultTransport } from '../../transport/axios.transport';
import type { SseEvent } from '../../transport/sse.parser';
import { secretHeaders } from '../../transport/secret-headers';
import type { Transport, TransportRequest } from '../../transport/transport.types';
import { streamWire } from '../shared/event-stream';
import { callJson } from '../shared/json-call';
import type { ChatCompletionsConfig } from './completions-config.types';
import { mapEmbeddingRequest, mapEmbeddingResponse } from './completions-embeddings.mapper';
import { readCompletionsError } from './completions-error.reader';
import { mapRequest } from './completions-request.mapper';
import { mapResponse, type ResponseMappingContext } from './completions-response.mapper';
import { CompletionsStreamMapper } from './completions-stream.mapper';

/** Joins a base URL and a path with exactly one slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * A provider on the Chat Completions wire (`POST {baseUrl}/chat/completions`, `POST {baseUrl}/embeddings`):
 * OpenAI-compatible servers and the presets built on it (Ollama, DeepSeek, Cerebras, Hugging Face).
 * Constructed from a plain config, usually through {@link ChatCompletionsBuilder}.
 *
 * @example
 * const provider = new ChatCompletionsProvider({ baseUrl: 'http://localhost:8000/v1', model: 'qwen3' });
 * const answer = await provider.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] });
 */
export class ChatCompletionsProvider<E extends boolean = boolean> implements ChatProvider {
  readonly id: string;
  readonly model: string;
  /** `embeddings` is true when the config has an `embeddingModel`; `E` says so to the compiler. */
  readonly capabilities: CapabilitiesWith<E>;
  readonly embeddingBatchSize: number;
  readonly embeddingBatchTokens?: number;
  protected readonly transport: Transport;

  constructor(protected readonly config: ChatCompletionsConfig) {
    this.id = config.id ?? 'completions';
    this.model = config.model;
    this.transport = config.transport ?? defaultTransport();
    this.embeddingBatchSize = config.embeddingBatchSize ?? 2048;
    this.embeddingBatchTokens = config.embeddingBatchTokens;
    registerSecret(config.apiKey);
    this.capabilities = {
      tools: true,
      structuredOutput: true,
      streaming: true,
      vision: true,
      nativeTools: [],
      ...config.capabilities,
      embeddings: config.embeddingModel !== undefined,
    } as CapabilitiesWith<E>;
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const warnings: string[] = [];
    const body = mapRequest(this.config, request, false, warnings);
    const json = await callJson<unknown>(this.transport, this.httpRequest('chat/completions', body, request), readCompletionsError, this.config.clock);
    const response = this.guard(() => mapResponse(json, this.mappingContext()));
    return warnings.length > 0 ? { ...response, warnings: [...(response.warnings ?? []), ...warnings] } : response;
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    // Built on subscription: a mapping error (e.g. an unsupported file) arrives as the stream's error.
    return defer(() => {
      const warnings: string[] = [];
      const body = mapRequest(this.config, request, true, warnings);
      const events = streamWire<SseEvent, ModelStreamEvent>({
        transport: this.transport,
        request: this.httpRequest('chat/completions', body, request, 'text/event-stream'),
        framing: 'sse',
        readError: readCompletionsError,
        mapper: () => new CompletionsStreamMapper(this.mappingContext()),
        idleTimeout: request.idleTimeout ?? this.config.idleTimeout,
        clock: this.config.clock,
      });
      // What the request dialect changed, as `warning` events once the answer starts.
      const notes = warnings.map((message): ModelStreamEvent => ({ type: 'warning', message }));
      return notes.length === 0 ? events : events.pipe(mergeMap((event, index) => (index === 0 ? [...notes, event] : [event])));
    });
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const model = request.model ?? this.config.embeddingModel;
    if (!model) {
      throw new UnsupportedFeatureError(`${this.id}: no embedding model configured (use withEmbeddings(model))`, { provider: this.id });
    }
    if (request.texts.length === 0) throw new InvalidRequestError(`${this.id}: nothing to embed (empty input)`, { provider: this.id });
    const json = await callJson<unknown>(
      this.transport,
      this.httpRequest('embeddings', mapEmbeddingRequest(model, request, this.config.embeddingDialect), request),
      readCompletionsError,
      this.config.clock,
    );
    return this.guard(() => mapEmbeddingResponse(json, this.id, model, request.texts.length));
  }

  /** Runs a body mapper; anything but a typed error (a shape no mapper foresaw) becomes an `InvalidResponseError`. */
  protected guard<T>(map: () => T): T {
    try {
      return map();
    } catch (error) {
      if (error instanceof ChatError) throw error;
      throw new InvalidResponseError(`${this.id} returned a body of an unexpected shape: ${(error as Error)?.message ?? String(error)}`, {
        provider: this.id,
        cause: error,
      });
    }
  }

  /** Headers of every request: bearer key, configured headers, then per-call headers (printing them redacts the key). */
  protected headers(extra?: Readonly<Record<string, string>>, accept = 'application/json'): Readonly<Record<string, string>> {
    return secretHeaders({
      accept,
      ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
      ...this.config.headers,
      ...extra,
    });
  }

  protected httpRequest(
    path: string,
    body: unknown,
    options: { signal?: AbortSignal; timeout?: number; headers?: Readonly<Record<string, string>> },
    accept?: string,
  ): TransportRequest {
    return {
      url: joinUrl(this.config.baseUrl, path),
      method: 'POST',
      headers: this.headers(options.headers, accept),
      body: body as JsonValue,
      signal: options.signal,
      timeout: options.timeout ?? this.config.timeout,
      provider: this.id,
    };
  }

  /** Safe JSON form: no key, no headers. */
  toJSON(): Record<string, unknown> {
    return { id: this.id, model: this.model, baseUrl: this.config.baseUrl };
  }

  /** `util.inspect` shows the safe form, never the config (it holds the key). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.constructor.name} ${JSON.stringify(this.toJSON())}`;
  }

  protected mappingContext(): ResponseMappingContext {
    return { provider: this.id, model: this.model, thinkTags: this.config.thinkTags };
  }
}
