import type { Observable, Subscription } from 'rxjs';
import type { Clock } from '../../core/clock.types';
import type { ContentPart } from '../../core/content-part.types';
import type { StreamEvent } from '../../core/stream-event.types';
import { AbortedError } from '../../errors/aborted.error';
import type { ChatError } from '../../errors/chat.error';
import { abortError, linkedController, type LinkedController } from '../abort.helpers';
import { toChatError } from '../step.consumer';
import { GenerationGate } from './generation-gate';
import { toInputParts } from './user-input';
import { DEFAULT_INPUT_COALESCE_MS, type InputHandlingOptions, type UserInput } from './user-input.types';

/** What an inbox needs from its run. */
export interface InboxHost {
  readonly clock: Clock;
  readonly provider: string;
  readonly emit: (event: StreamEvent<never>) => void;
}

/**
 * The input side of one streamed run: listens to the caller's input Observable, accepts each
 * input at once (`input-accepted`), cuts the generation in flight (or steers it natively), aborts
 * running tools when asked, and holds the inputs until the run merges them. Closed when the run
 * decides its outcome, so that no input is taken after the turn ended.
 */
export class InputInbox {
  private pending: ContentPart[][] = [];
  private lastAt = Number.NEGATIVE_INFINITY;
  private generation?: GenerationGate;
  private tools?: LinkedController;
  private subscription?: Subscription;
  private closed = false;
  private warned = false;
  private readonly coalesceMs: number;

  constructor(
    private readonly host: InboxHost,
    private readonly options: InputHandlingOptions = {},
  ) {
    this.coalesceMs = Math.max(0, options.coalesceMs ?? DEFAULT_INPUT_COALESCE_MS);
  }

  /** Subscribes to the caller's input; an input that fails (an error, an invalid part) calls `fail`. */
  listen(source: Observable<UserInput>, fail: (error: ChatError) => void): void {
    const subscription = source.subscribe({
      next: (input) => {
        try {
          this.push(toInputParts(input));
        } catch (error) {
          fail(toChatError(error, this.host.provider));
        }
      },
      error: (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        fail(new AbortedError(`The input stream failed: ${message}`, { provider: this.host.provider, cause: error }));
      },
    });
    if (this.closed) subscription.unsubscribe();
    else this.subscription = subscription;
  }

  /** EXPERIMENTAL native steering was asked for. */
  get nativeSteering(): boolean {
    return this.options.experimentalNativeSteering === true;
  }

  /** Input waits to be merged. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Accepts one input: emits `input-accepted`, then cuts or steers the generation in flight, and aborts tools if asked. */
  push(parts: ContentPart[]): void {
    if (this.closed || parts.length === 0) return;
    this.pending.push(parts);
    this.lastAt = this.host.clock.now();
    this.host.emit({ type: 'input-accepted', parts });
    const gate = this.generation;
    if (gate?.open) {
      if (this.nativeSteering && gate.steering) this.steer(gate, parts);
      else {
        if (this.nativeSteering) this.warn(`${this.host.provider} cannot steer a response natively: the generation is interrupted and restarted instead`);
        gate.interrupt();
      }
    }
    if (this.tools && !this.tools.signal.aborted) {
      this.tools.controller.abort(new AbortedError('New user input arrived while the tool was running', { provider: this.host.provider }));
    }
  }

  /** Takes every pending input, oldest first. */
  take(): ContentPart[][] {
    return this.pending.splice(0);
  }

  /** Puts inputs back in front of the pending ones (steered input the engine must send itself). */
  requeue(inputs: readonly ContentPart[][]): void {
    this.pending.unshift(...inputs);
  }

  /** Waits until no input has arrived for the coalescing window (the chat's clock). */
  async settle(signal: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.lastAt + this.coalesceMs - this.host.clock.now();
      if (wait <= 0 || !this.hasPending) return;
      try {
        await this.host.clock.sleep(wait, signal);
      } catch {
        throw abortError(signal, this.host.provider);
      }
    }
  }

  /** Opens the gate of a model request: input cuts it from now on. */
  openGeneration(run: AbortSignal): GenerationGate {
    this.generation = new GenerationGate(run, this.host.provider);
    return this.generation;
  }

  /** The request in flight sent its `step-finish`: later input is merged after it instead of cutting it. */
  generationFinished(): void {
    if (this.generation) this.generation.finished = true;
  }

  /** Closes a request's gate. */
  closeGeneration(gate: GenerationGate): void {
    gate.close();
    if (this.generation === gate) this.generation = undefined;
  }

  /** The signal for the tools of one step: aborted by new input when `runningTools` is `abort`. */
  openTools(run: AbortSignal): AbortSignal | undefined {
    if (this.options.runningTools !== 'abort') return undefined;
    this.tools?.dispose();
    this.tools = linkedController(run);
    return this.tools.signal;
  }

  /** Stops listening (later input is not part of this run) and returns the inputs not merged. */
  close(): ContentPart[][] {
    if (!this.closed) {
      this.closed = true;
      this.subscription?.unsubscribe();
      this.tools?.dispose();
    }
    return this.take();
  }

  private steer(gate: GenerationGate, parts: ContentPart[]): void {
    const handle = gate.steering!;
    gate.enqueue(async () => {
      if (!gate.open || !this.pending.includes(parts)) return;
      let accepted = false;
      try {
        accepted = await handle.steer(parts);
      } catch {
        accepted = false;
      }
      const at = this.pending.indexOf(parts);
      if (accepted && !gate.cut && at >= 0) {
        this.pending.splice(at, 1);
        gate.steered.push(parts);
        return;
      }
      this.warn(`${this.host.provider} refused to steer the response: the generation is interrupted and restarted instead`);
      gate.interrupt();
    });
  }

  private warn(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.host.emit({ type: 'warning', message });
  }
}
