import type { Clock } from '../core/clock.types';
import type { RunObservation } from '../core/run-observer.types';
import type { OutputSpec } from '../core/output.types';
import type { GenerationOptions } from '../core/provider.types';
import type { ApprovalSealer } from './approval-seal';
import type { ApprovalStrategy } from './chat.types';
import type { ModelCaller } from './model-caller';
import type { ToolErrorPolicy } from './tool-error.policy';
import type { ToolRegistry } from './tool-registry';

/** Everything a run needs from its chat, resolved once when the chat is built. */
export interface RunSettings<T> {
  readonly provider: { readonly id: string; readonly model: string };
  readonly caller: ModelCaller;
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
