import { catchError, filter, lastValueFrom, map, Observable, throwError } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.types';
import type { CapabilitiesWith } from '../../core/embedding-support.types';
import type { JsonValue } from '../../core/json.types';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../../core/provider.types';
import type { SteerableStream } from './responses-steering.types';
import type { ModelStreamEvent, StepFinishEvent } from '../../core/stream-event.types';
import { ChatError } from '../../errors/chat.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { NetworkError } from '../../errors/network.error';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { TransportRequest } from '../../transport/transport.types';
import { applyQuirks } from '../shared/body.quirks';
import { HttpProviderKernel, withoutConnection } from '../shared/http-provider.kernel';
import type { ResponsesConfig } from './responses-config.types';
import { readResponsesError } from './responses-error.reader';
import { mapInputItems } from './responses-input.mapper';
import { buildResponsesRequest, canResendInFull, chainFrom } from './responses-request.mapper';
import { mapResponsesBody, type ResponseContext } from './responses-response.mapper';
import { parseResponsesEvent, responsesStreamMapper } from './responses-stream.mapper';
import { ResponsesStreamState } from './responses-stream.state';
import { SteeredInputQueue } from './responses-steered.queue';
import { ResponsesSteeringSession } from './responses-steering.session';
import type { TokenCount } from '../../core/token-count.types';
import { estimateTokens } from '../shared/token-estimate';
import type { ProviderBatches } from '../../core/batch.types';
import { batchHttp, openAIBatches } from '../shared/openai-batches.flow';

/** What the provider keeps of its config: everything but the key and headers. */
type ResponsesSettings = Omit<ResponsesConfig, 'apiKey' | 'headers'>;

/** The server no longer knows the response a turn chains from (expired, or another socket's). */
function isLostChain(error: unknown): boolean {
  return error instanceof ChatError && error.code === 'previous_response_not_found';
}

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
export class ResponsesProvider<E extends boolean = boolean> extends HttpProviderKernel implements ChatProvider {
  /** No embeddings on the Responses API itself (`OpenAIProvider` adds them); `E` says so to the compiler. */
  readonly capabilities: CapabilitiesWith<E>;
  /**
   * EXPERIMENTAL native steering (`response.steer`, beta on OpenAI's side): present only over a
   * transport that can talk to a response in flight (`Transport.duplex`, e.g. `WebSocketTransport`);
   * the engine uses it with `inputHandling: { experimentalNativeSteering: true }`. Over HTTP it is
   * undefined, and pushed input interrupts and restarts the generation instead.
   */
  readonly streamSteerable?: (request: ProviderRequest) => SteerableStream;
  private readonly steered = new SteeredInputQueue();
  /** The request-shaping settings and the transport; the key and headers stay in the kernel's private fields. */
  readonly #config: ResponsesSettings;

  constructor(config: ResponsesConfig) {
    super({ ...config, baseUrl: config.baseUrl.replace(/\/+$/, ''), readError: readResponsesError });
    this.#config = { ...withoutConnection(config), transport: config.transport };
    this.capabilities = {
      tools: true,
      structuredOutput: true,
      streaming: true,
      embeddings: false as E,
      vision: true,
      nativeTools: ['web-search', 'image-generation'],
    };
    if (config.transport.duplex) this.streamSteerable = (request) => this.steerable(request);
  }

  /**
   * One request, answered whole (`stream: false`; over a message transport, the events are
   * collected). A chained turn whose previous response the server no longer knows
   * (`previous_response_not_found`) is re-sent once in full.
   */
  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    try {
      return await this.completeOnce(request, this.#config);
    } catch (error) {
      if (!isLostChain(error) || !canResendInFull(request, this.#config)) throw error;
      return this.completeOnce({ ...request, previousResponseId: undefined }, { ...this.#config, autoChain: false });
    }
  }

  /** One request, streamed as chat-ts events; ends with `step-finish`. Cold; unsubscribing aborts. Lost chains are re-sent in full once. */
  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    const first = this.streamOnce(request, this.#config);
    if (!canResendInFull(request, this.#config)) return first;
    return first.pipe(
      catchError((error: unknown) =>
        isLostChain(error)
          ? this.streamOnce({ ...request, previousResponseId: undefined }, { ...this.#config, autoChain: false }).pipe(filter((e) => e.type !== 'warning'))
          : throwError(() => error),
      ),
    );
  }

  private async completeOnce(unstripped: ProviderRequest, config: ResponsesSettings): Promise<ProviderResponse> {
    const request = this.steered.withoutQueued(unstripped, chainFrom(unstripped, config));
    if (config.transport.events) {
      const finish = await lastValueFrom(
        this.streamOnce(request, config).pipe(
          filter((e): e is StepFinishEvent => e.type === 'step-finish'),
          map((e) => e.response),
        ),
        { defaultValue: undefined },
      );
      if (!finish) throw new InvalidResponseError(`${this.id} ended without a response`, { provider: this.id });
      return finish;
    }
    const { body, warnings } = this.requestBody(request, config, false);
    const json = await this.sendJson<unknown>(this.responsesRequest(request, body, false));
    const response = mapResponsesBody(json, this.context(request));
    return warnings.length > 0 ? { ...response, warnings: [...(response.warnings ?? []), ...warnings] } : response;
  }

  private streamOnce(unstripped: ProviderRequest, config: ResponsesSettings): Observable<ModelStreamEvent> {
    const request = this.steered.withoutQueued(unstripped, chainFrom(unstripped, config));
    const ctx = this.context(request);
    if (config.transport.events) return this.streamEvents(request, config, ctx);
    const { body, warnings } = this.requestBody(request, config, true);
    return this.openStream(this.responsesRequest(request, body, true), 'sse', () => responsesStreamMapper(ctx, warnings), request.idleTimeout);
  }

  /** Native steering: one request over a duplex exchange; a lost chain is re-sent in full once, like `stream()`. */
  private steerable(request: ProviderRequest): SteerableStream {
    const first = this.steeringSession(request, this.#config).stream(0);
    if (!canResendInFull(request, this.#config)) return first;
    let active = first;
    const events = first.events.pipe(
      catchError((error: unknown) => {
        if (!isLostChain(error)) return throwError(() => error);
        active = this.steeringSession({ ...request, previousResponseId: undefined }, { ...this.#config, autoChain: false }).stream(0);
        return active.events.pipe(filter((e) => e.type !== 'warning'));
      }),
    );
    return { events, steer: (parts) => active.steer(parts), continuation: () => active.continuation() };
  }

  private steeringSession(unstripped: ProviderRequest, config: ResponsesSettings): ResponsesSteeringSession {
    const request = this.steered.withoutQueued(unstripped, chainFrom(unstripped, config));
    const { body, warnings } = this.requestBody(request, config, false);
    const transportRequest = { ...this.responsesRequest(request, body, false), idleTimeout: request.idleTimeout ?? config.idleTimeout };
    return new ResponsesSteeringSession({
      provider: this.id,
      context: this.context(request),
      warnings,
      body,
      open: (open) => config.transport.duplex!(transportRequest, open),
      userItems: (parts) => mapInputItems([{ role: 'user', parts: [...parts] }], { provider: this.id, store: config.store }),
      onPending: (responseId, inputs) => this.steered.add(responseId, inputs),
    });
  }

  /**
   * The OpenAI Batch API (JSONL file flow) against `/v1/responses`: the requests are uploaded as a
   * `purpose=batch` file (`POST /files`), run by `POST /batches`, polled, cancelled, and read back
   * from the output and error files. Each request is sent in full (no chaining); servers without the
   * Batch API answer 404 (a typed error).
   */
  readonly batches: ProviderBatches = openAIBatches({
    provider: this.id,
    endpoint: '/v1/responses',
    body: (request) => this.requestBody(request, { ...this.#config, autoChain: false }, false).body,
    response: (body) => mapResponsesBody(body, { provider: this.id, model: this.model }),
    readError: readResponsesError,
    ...batchHttp({
      provider: this.id,
      baseUrl: this.baseUrl,
      readError: readResponsesError,
      request: (url, body, call, options) => this.transportRequest(url, body, call, options),
      sendJson: (request) => this.sendJson<unknown>(request),
      transport: () => this.transportOf(),
    }),
  });

  /** The Responses API has no embeddings; `OpenAIProvider` adds them. */
  /**
   * A local estimate of the request's input tokens (the API has no counting endpoint): `js-tiktoken`
   * with the model's encoding when installed, else about 4 characters per token.
   */
  countTokens(request: ProviderRequest): Promise<TokenCount> {
    return estimateTokens(request, this.model);
  }

  async embed(_request: EmbeddingRequest): Promise<EmbeddingResponse> {
    throw new UnsupportedFeatureError(`${this.id} has no embedding model configured`, { provider: this.id });
  }

  private context(request: ProviderRequest): ResponseContext {
    return { provider: this.id, model: this.model, tools: request.tools, format: request.responseFormat?.schema };
  }

  /** The request body: the family's mapping, then the server's quirks. */
  private requestBody(request: ProviderRequest, config: ResponsesSettings, stream: boolean): ReturnType<typeof buildResponsesRequest> {
    const built = buildResponsesRequest(request, config, stream);
    return config.quirks ? { ...built, body: applyQuirks(built.body, config.quirks, this.id) } : built;
  }

  private responsesRequest(request: ProviderRequest, body: TransportRequest['body'], stream: boolean): TransportRequest {
    return this.transportRequest(`${this.baseUrl}/responses`, body as JsonValue, request, stream ? { defaults: { accept: 'text/event-stream' } } : {});
  }

  private streamEvents(request: ProviderRequest, config: ResponsesSettings, ctx: ResponseContext): Observable<ModelStreamEvent> {
    return new Observable<ModelStreamEvent>((subscriber) => {
      const { body, warnings } = this.requestBody(request, config, false);
      const state = new ResponsesStreamState(ctx);
      let ended = false;
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
      const source = config.transport.events!({ ...this.responsesRequest(request, body, false), idleTimeout: request.idleTimeout ?? config.idleTimeout });
      const subscription = source.subscribe({
        next: (message) => {
          if (subscriber.closed) return;
          try {
            const event = parseResponsesEvent(message, undefined);
            if (event) state.handle(event, next);
            if (state.finished && !ended) {
              ended = true;
              state.end(next);
              // Let a transport that ends the response itself (WebSocketTransport) complete first, so
              // it keeps the socket for the next turn; otherwise stop listening now.
              queueMicrotask(() => subscriber.complete());
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
            if (!ended) state.end(next);
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
