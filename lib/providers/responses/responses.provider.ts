import { lastValueFrom, Observable, filter, map } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { ChatProvider, ProviderCapabilities, ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent, StepFinishEvent } from '../../core/stream-event.types';
import { ChatError } from '../../errors/chat.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { NetworkError } from '../../errors/network.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { TransportRequest } from '../../transport/transport.types';
import { streamWire } from '../shared/event-stream';
import { callJson } from '../shared/json-call';
import type { ResponsesConfig } from './responses-config.types';
import { readResponsesError } from './responses-error.reader';
import { buildResponsesRequest } from './responses-request.mapper';
import { mapResponsesBody, type ResponseContext } from './responses-response.mapper';
import { parseResponsesEvent, responsesStreamMapper } from './responses-stream.mapper';
import { ResponsesStreamState } from './responses-stream.state';

/**
 * A provider for any server implementing the Responses API (`POST /responses`): OpenAI, Azure
 * OpenAI, xAI, LM Studio, vLLM... Built by `ResponsesBuilder` / `OpenAIBuilder`, or constructed
 * directly from a {@link ResponsesConfig} (for dependency injection). When the transport is
 * message-oriented (`Transport.events`, e.g. a WebSocket), the same events travel over it.
 *
 * @example
 * const provider = new ResponsesProvider({ id: 'lmstudio', baseUrl: 'http://localhost:1234/v1', model: 'qwen3', transport: defaultTransport() });
 * const reply = await provider.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] });
 */
export class ResponsesProvider implements ChatProvider {
  readonly id: string;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;

  constructor(protected readonly config: ResponsesConfig) {
    this.id = config.id;
    this.model = config.model;
    this.capabilities = {
      tools: true,
      structuredOutput: true,
      streaming: true,
      embeddings: false,
      vision: true,
      nativeTools: ['web-search', 'image-generation'],
    };
  }

  /** One request, answered whole (`stream: false`; over a message transport, the events are collected). */
  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    if (this.config.transport.events) {
      const finish = await lastValueFrom(
        this.stream(request).pipe(
          filter((e): e is StepFinishEvent => e.type === 'step-finish'),
          map((e) => e.response),
        ),
        { defaultValue: undefined },
      );
      if (!finish) throw new InvalidResponseError(`${this.id} ended without a response`, { provider: this.id, retryable: true });
      return finish;
    }
    const { body } = buildResponsesRequest(request, this.config, false);
    const json = await callJson<unknown>(this.config.transport, this.transportRequest(request, body, false), readResponsesError);
    return mapResponsesBody(json, this.context(request));
  }

  /** One request, streamed as chat-ts events; ends with `step-finish`. Cold; unsubscribing aborts. */
  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    const ctx = this.context(request);
    if (this.config.transport.events) return this.streamEvents(request, ctx);
    const { body, warnings } = buildResponsesRequest(request, this.config, true);
    return streamWire({
      transport: this.config.transport,
      request: this.transportRequest(request, body, true),
      framing: 'sse',
      readError: readResponsesError,
      mapper: () => responsesStreamMapper(ctx, warnings),
      idleTimeout: request.idleTimeout ?? this.config.idleTimeout,
      clock: this.config.clock,
    });
  }

  /** The Responses API has no embeddings; `OpenAIProvider` adds them. */
  async embed(_request: EmbeddingRequest): Promise<EmbeddingResponse> {
    throw new UnsupportedFeatureError(`${this.id} has no embedding model configured`, { provider: this.id });
  }

  /** Base URL without a trailing slash. */
  protected get baseUrl(): string {
    return this.config.baseUrl.replace(/\/+$/, '');
  }

  /** Headers of every request: authorization, builder headers, then per-call headers. */
  protected headers(extra?: Readonly<Record<string, string>>): Record<string, string> {
    return {
      ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
      ...this.config.headers,
      ...extra,
    };
  }

  private context(request: ProviderRequest): ResponseContext {
    return { provider: this.id, model: this.model, tools: request.tools, format: request.responseFormat?.schema };
  }

  private transportRequest(request: ProviderRequest, body: TransportRequest['body'], stream: boolean): TransportRequest {
    return {
      url: `${this.baseUrl}/responses`,
      method: 'POST',
      headers: this.headers({ ...(stream ? { accept: 'text/event-stream' } : {}), ...request.headers }),
      body,
      signal: request.signal,
      timeout: request.timeout,
      provider: this.id,
    };
  }

  private streamEvents(request: ProviderRequest, ctx: ResponseContext): Observable<ModelStreamEvent> {
    return new Observable<ModelStreamEvent>((subscriber) => {
      const { body, warnings } = buildResponsesRequest(request, this.config, false);
      const state = new ResponsesStreamState(ctx);
      const next = (e: ModelStreamEvent): void => subscriber.next(e);
      const fail = (error: unknown): void => {
        subscriber.error(
          error instanceof ChatError
            ? error
            : new InvalidResponseError(`${this.id} sent an unreadable event: ${(error as Error)?.message ?? String(error)}`, {
                provider: this.id,
                cause: error,
              }),
        );
      };
      for (const message of warnings) next({ type: 'warning', message });
      const source = this.config.transport.events!(this.transportRequest(request, body, false));
      const subscription = source.subscribe({
        next: (message) => {
          if (subscriber.closed) return;
          try {
            const event = parseResponsesEvent(message, undefined, this.id);
            if (event) state.handle(event, next);
            if (state.finished) {
              state.end(next);
              subscriber.complete();
            }
          } catch (error) {
            fail(error);
          }
        },
        error: (error: unknown) =>
          fail(error instanceof ChatError ? error : new NetworkError(`${this.id} socket failed: ${(error as Error)?.message}`, { provider: this.id })),
        complete: () => {
          if (subscriber.closed) return;
          try {
            state.end(next);
            subscriber.complete();
          } catch (error) {
            fail(error);
          }
        },
      });
      return () => subscription.unsubscribe();
    });
  }
}
