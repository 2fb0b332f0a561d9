import { defer, Observable } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embedding.types';
import type { ChatProvider, ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { isSteerableProvider, type SteeringSlot } from './input/native-steering.types';

/** What the engine tells the model-call seam about one model request. */
export interface ModelCallInfo {
  /** `complete()` answers whole; `stream()` streams. */
  readonly mode: 'complete' | 'stream';
  /** 1-based number of the model request within the call (repair requests included). */
  readonly step: number;
  /** 1-based attempt of this same request; a retry wrapper increments it. */
  readonly attempt: number;
  /** True for a structured-output repair request. */
  readonly repair: boolean;
  /**
   * EXPERIMENTAL native steering was asked for: a seam that reaches a `NativeSteeringHook` (a `streamSteerable()` method) streams
   * with `streamSteerable()` and attaches the handle here; others ignore it (input then restarts).
   */
  readonly steering?: SteeringSlot;
}

/**
 * THE seam every model request of the engine goes through: one call = one model request (never a
 * tool run), as a cold Observable that ends with `step-finish`. Retry and routing wrap it.
 */
export type ModelCaller = (request: ProviderRequest, info: ModelCallInfo) => Observable<ModelStreamEvent>;

/** What the engine tells the embedding seam about one batch. */
export interface EmbeddingCallInfo {
  /** 0-based batch number. */
  readonly batch: number;
  /** 1-based attempt of this batch. */
  readonly attempt: number;
}

/** The seam every embedding request (one batch) goes through. */
export type EmbeddingCaller = (request: EmbeddingRequest, info: EmbeddingCallInfo) => Promise<EmbeddingResponse>;

/** The parts of a whole answer as the events a stream would have carried, then `step-finish`. */
export function responseAsEvents(response: ProviderResponse): ModelStreamEvent[] {
  const events: ModelStreamEvent[] = [];
  for (const part of response.parts) {
    if (part.type === 'text' && part.text) events.push({ type: 'text-delta', delta: part.text });
    else if (part.type === 'reasoning' && part.text) events.push({ type: 'reasoning-delta', delta: part.text });
    else if (part.type === 'tool-call') {
      events.push({ type: 'tool-call-start', id: part.id, name: part.name });
      events.push({ type: 'tool-call-end', call: part });
    }
  }
  events.push({ type: 'usage', usage: response.usage });
  events.push({ type: 'step-finish', response });
  return events;
}

function fromComplete(provider: ChatProvider, request: ProviderRequest, asEvents: boolean): Observable<ModelStreamEvent> {
  return new Observable<ModelStreamEvent>((subscriber) => {
    provider.complete(request).then(
      (response) => {
        const warnings = (response.warnings ?? []).map((message): ModelStreamEvent => ({ type: 'warning', message }));
        for (const event of [...warnings, ...(asEvents ? responseAsEvents(response) : [{ type: 'step-finish', response } as const])]) {
          if (subscriber.closed) return;
          subscriber.next(event);
        }
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
  });
}

/**
 * The direct seam: `complete` mode calls `provider.complete()`, `stream` mode `provider.stream()`
 * (or `complete()` replayed as events when the provider cannot stream).
 */
export function providerCaller(provider: ChatProvider): ModelCaller {
  return (request, info) => {
    if (info.mode === 'complete') return fromComplete(provider, request, false);
    if (!provider.capabilities.streaming) return fromComplete(provider, request, true);
    const slot = info.steering;
    if (slot && isSteerableProvider(provider)) {
      return defer(() => {
        const steerable = provider.streamSteerable(request);
        slot.attach(steerable);
        return steerable.events;
      });
    }
    return provider.stream(request);
  };
}

/** The direct embedding seam: `provider.embed()`. */
export function providerEmbeddingCaller(provider: ChatProvider): EmbeddingCaller {
  return (request) => provider.embed(request);
}
