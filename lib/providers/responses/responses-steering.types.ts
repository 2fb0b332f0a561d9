import type { Observable } from 'rxjs';
import type { ContentPart } from '../../core/content-part.types';
import type { ChatProvider, ProviderRequest } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';

/**
 * EXPERIMENTAL. One streamed model request whose response in flight can take user input natively
 * (the Responses API's WebSocket `response.steer`, in beta), returned by
 * {@link SteerableProvider.streamSteerable}.
 */
export interface SteerableStream {
  /** The request's events, like `ChatProvider.stream()`: they end with the `step-finish` of the response in flight. */
  readonly events: Observable<ModelStreamEvent>;
  /**
   * Queues user input into the response in flight. Resolves `true` once the server owns it
   * (`response.steer.accepted`); `false` (or a rejection) when it cannot be steered, and the engine
   * then interrupts and restarts instead. A steered response may end early at a safe boundary with
   * finish reason `raw: 'steered'` (the engine marks it `interrupted`).
   */
  steer(parts: readonly ContentPart[]): Promise<boolean>;
  /**
   * After `events` ended with steered input: the response that continues with it, which the server
   * starts by itself (it must not be re-sent). The engine subscribes only when the steered response
   * ended without tool calls; otherwise it sends the input itself after the tool results, so an
   * implementation must withdraw the queued input when this is never subscribed.
   */
  continuation(): SteerableStream;
}

/**
 * EXPERIMENTAL. A provider that can steer a response in flight with new user input (the Responses
 * provider over a duplex transport). It is not part of the core contract: the engine finds the
 * `streamSteerable` method structurally (its `NativeSteeringHook`) and uses it only with
 * `inputHandling: { experimentalNativeSteering: true }`.
 */
export interface SteerableProvider extends ChatProvider {
  /** Streams one request like `stream()`, with a handle to steer it. */
  streamSteerable(request: ProviderRequest): SteerableStream;
}
