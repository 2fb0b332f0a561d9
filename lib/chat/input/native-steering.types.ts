import type { Observable } from 'rxjs';
import type { ContentPart } from '../../core/content-part.types';
import type { ChatProvider, ProviderRequest } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';

/**
 * EXPERIMENTAL. The engine's side of native steering: one streamed model request whose response in
 * flight can take user input. A provider offers it through {@link NativeSteeringHook}; the engine
 * knows nothing else of the provider's protocol (the Responses provider's `SteerableStream` has this shape).
 */
export interface NativeSteeringStream {
  /** The request's events, like `ChatProvider.stream()`: they end with the `step-finish` of the response in flight. */
  readonly events: Observable<ModelStreamEvent>;
  /**
   * Queues user input into the response in flight. Resolves `true` once the provider owns it;
   * `false` (or a rejection) when it cannot be steered, and the engine then interrupts and restarts
   * instead. A steered response may end early with finish reason `raw: 'steered'` (marked `interrupted`).
   */
  steer(parts: readonly ContentPart[]): Promise<boolean>;
  /**
   * After `events` ended with steered input: the response that continues with it, which the provider
   * starts by itself. The engine subscribes only when the steered response ended without tool calls;
   * otherwise it sends the input itself after the tool results, so an implementation must withdraw
   * the queued input when this is never subscribed.
   */
  continuation(): NativeSteeringStream;
}

/**
 * EXPERIMENTAL. An optional provider capability, found structurally (no registration, no base
 * class): a provider with a `streamSteerable(request)` method can take user input into a response
 * in flight. The engine uses it only with `inputHandling: { experimentalNativeSteering: true }`.
 */
export interface NativeSteeringHook {
  /** Streams one request like `stream()`, with a handle to steer it. */
  streamSteerable(request: ProviderRequest): NativeSteeringStream;
}

/** True when `provider` offers the {@link NativeSteeringHook} capability. */
export function isSteerableProvider(provider: ChatProvider): provider is ChatProvider & NativeSteeringHook {
  return typeof (provider as Partial<NativeSteeringHook>).streamSteerable === 'function';
}

/**
 * Where the model-call seam hands the engine the steering handle of the request it starts
 * (`ModelCallInfo.steering`): set only when native steering was asked for.
 */
export interface SteeringSlot {
  attach(stream: NativeSteeringStream): void;
}
