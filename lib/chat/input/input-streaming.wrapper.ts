import type { Observable } from 'rxjs';
import type { Message, ResponseMetadata } from '../../core/message.types';
import type { ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import type { PartialStep } from '../partial-step';
import type { InputInbox } from './input-inbox';
import { keepAnswer, keepCutGeneration, mergeInput, type TurnSoFar } from './input-turn';
import type { SteeringSlot } from './native-steering.types';
import { SteeringState } from './steering-state';
import { inputMessage } from './user-input';

/** The events of one request, from the model seam (offered a steering slot when native steering is on). */
export type RequestSource = (fromSeam: (steering?: SteeringSlot) => Observable<ModelStreamEvent>) => Observable<ModelStreamEvent>;

/** What a cut request leaves: its partial answer, to keep on the turn. */
export interface CutRequest {
  readonly partial: PartialStep | undefined;
  readonly metadata: ResponseMetadata;
  readonly turn: TurnSoFar;
}

/**
 * Input streaming (and, inside it, EXPERIMENTAL native steering) around one turn: the runner
 * hands it each model request and each answer, and it merges input pushed meanwhile, cuts a
 * generation that new input overtook (keeping what it streamed), steers a request natively when
 * the provider can, and keeps what was not merged when the turn ends. A turn without `input` has
 * no wrapper at all.
 */
export class InputStreamingWrapper {
  private readonly steering?: SteeringState;

  constructor(
    private readonly inbox: InputInbox,
    private readonly signal: AbortSignal,
  ) {
    if (inbox.nativeSteering) this.steering = new SteeringState(inbox);
  }

  /** Input waits that a request must not overtake: merge it first. */
  get hasPending(): boolean {
    return this.inbox.hasPending;
  }

  /** Before a request: appends waiting input to the turn; true when some was merged (`restart`: say `generation-restarted`). */
  merge(turn: TurnSoFar, restart: boolean): Promise<boolean> {
    return mergeInput(this.inbox, this.signal, turn, restart);
  }

  /**
   * Runs one request under its own gate (`send` gets the gate's signal and event source). Resolves
   * `undefined` when new input cut it: `cut()` says what it streamed, which stays on the turn.
   */
  async request(send: (signal: AbortSignal, source: RequestSource) => Promise<ProviderResponse>, cut: () => CutRequest): Promise<ProviderResponse | undefined> {
    const gate = this.inbox.openGeneration(this.signal);
    const steering = this.steering;
    let response: ProviderResponse;
    try {
      response = await send(gate.signal, steering ? (fromSeam) => steering.source(gate, fromSeam) : (fromSeam) => fromSeam());
      await gate.settled();
    } catch (error) {
      if (!gate.cut || this.signal.aborted) throw error;
      const { partial, metadata, turn } = cut();
      keepCutGeneration(partial, metadata, turn);
      return undefined;
    } finally {
      this.inbox.closeGeneration(gate);
    }
    steering?.record(gate);
    return response;
  }

  /** Native steering: places an answer that took input; true when the server's continuation is the next request. */
  placeSteered(message: Message, hasCalls: boolean, turn: TurnSoFar): boolean {
    return this.steering?.place(message, hasCalls, turn) ?? false;
  }

  /** A final answer that ended while new input waited: kept as it is (true), and the input is answered next. */
  keepAnswer(message: Message, turn: TurnSoFar): boolean {
    if (!this.inbox.hasPending) return false;
    keepAnswer(message, turn);
    return true;
  }

  onEvent(event: ModelStreamEvent): void {
    if (event.type === 'step-finish') this.inbox.generationFinished();
  }

  /** The signal the tools get: new input may abort tools that have not started. */
  toolSignal(run: AbortSignal): AbortSignal | undefined {
    return this.inbox.openTools(run);
  }

  /** Closes the inbox: input not merged yet, as user messages (`queued` behind a pause). */
  leftover(queued: boolean): Message[] {
    return [...(this.steering?.unmerged ?? []), ...this.inbox.close()].map((parts) => inputMessage(parts, queued));
  }
}
