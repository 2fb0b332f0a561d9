import type { Clock } from '../core/clock.types';
import type { RunObservation } from '../core/run-observer.types';
import type { OutputSpec } from '../core/output.types';
import type { GenerationOptions, ProviderRequest, ProviderResponse } from '../core/provider.types';
import type { ApprovalSealer } from './approval-seal';
import type { ApprovalStrategy } from './chat.types';
import type { ModelCaller } from './model-caller';
import type { ToolErrorPolicy } from './tool-error.policy';
import type { ToolRegistry } from './tool-registry';

/** Everything a run needs from its chat, resolved once when the chat is built. */
export interface RunSettings<T> {
  readonly provider: { readonly id: string; readonly model: string };
  readonly caller: ModelCaller;
  /**
   * `provider.complete()` itself, when the seam is the plain provider (no retry policy, no request
   * hooks, no custom caller): a `complete()` run then skips the Observable the seam would wrap it in.
   */
  readonly direct?: (request: ProviderRequest) => Promise<ProviderResponse>;
  readonly system?: string;
  readonly options?: GenerationOptions;
  readonly tools: ToolRegistry;
  readonly maxSteps: number;
  readonly toolConcurrency: number;
  readonly repairAttempts: number;
  readonly approval?: ApprovalStrategy;
  readonly sealer: ApprovalSealer;
  readonly clock: Clock;
  readonly output?: OutputSpec<T>;
  /** What the model is told when a tool throws. */
  readonly toolErrors?: ToolErrorPolicy;
  /** What observes this run (telemetry, budgets): set per run by `Chat` when it has observers. */
  readonly observation?: RunObservation;
}
