import type { ContentPart } from '../../core/content-part.types';
import { AbortedError } from '../../errors/aborted.error';
import { linkedController, type LinkedController } from '../abort.helpers';
import type { NativeSteeringStream, SteeringSlot } from './native-steering.types';

/**
 * One model request of a run that takes pushed input: its own abort signal (a child of the run's),
 * cut when input arrives, or steered natively when the provider handed a steering handle.
 */
export class GenerationGate implements SteeringSlot {
  private readonly link: LinkedController;
  private chain: Promise<void> = Promise.resolve();
  private handle?: NativeSteeringStream;
  /** New input cut this request. */
  cut = false;
  /** The request's `step-finish` arrived: input no longer cuts it (it is merged after it). */
  finished = false;
  /** Inputs the provider accepted into the response in flight (native steering). */
  readonly steered: ContentPart[][] = [];

  constructor(
    run: AbortSignal,
    private readonly provider: string,
  ) {
    this.link = linkedController(run);
  }

  /** The signal of this request (the provider request's signal). */
  get signal(): AbortSignal {
    return this.link.signal;
  }

  /** The steering handle the seam attached, if any. */
  get steering(): NativeSteeringStream | undefined {
    return this.handle;
  }

  attach(stream: NativeSteeringStream): void {
    this.handle = stream;
  }

  /** Still streaming: input would cut or steer it. */
  get open(): boolean {
    return !this.cut && !this.finished;
  }

  /** Aborts the request because input arrived (the HTTP request closes). */
  interrupt(): void {
    if (!this.open) return;
    this.cut = true;
    this.link.controller.abort(new AbortedError('The generation was interrupted by new user input', { provider: this.provider }));
  }

  /** Runs steering attempts one after the other. */
  enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task, task);
  }

  /** Resolves when every steering attempt has been answered. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Removes the listener on the run's signal. */
  close(): void {
    this.link.dispose();
  }
}
