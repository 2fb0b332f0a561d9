import type { ChatProvider } from '../../core/provider.types';
import type { SteerableProvider, SteerableStream } from '../../core/steering.types';

export type { SteerableProvider, SteerableStream } from '../../core/steering.types';

/** True when `provider` implements {@link SteerableProvider}. */
export function isSteerableProvider(provider: ChatProvider): provider is SteerableProvider {
  return typeof (provider as Partial<SteerableProvider>).streamSteerable === 'function';
}

/**
 * Where the model-call seam hands the engine the steering handle of the request it starts
 * (`ModelCallInfo.steering`): set only when native steering was asked for.
 */
export interface SteeringSlot {
  attach(stream: SteerableStream): void;
}
