import type { Observable } from 'rxjs';
import type { ContentPart } from '../../core/content-part.types';
import type { Message } from '../../core/message.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import type { GenerationGate } from './generation-gate';
import type { InputInbox } from './input-inbox';
import { placeSteered, type TurnSoFar } from './input-turn';
import type { NativeSteeringStream, SteeringSlot } from './native-steering.types';

/**
 * EXPERIMENTAL native steering of one run: remembers the request whose response took input, and
 * the server's continuation that replaces the next model request.
 */
export class SteeringState {
  private gate?: GenerationGate;
  private continuation?: NativeSteeringStream;

  constructor(private readonly inbox: InputInbox) {}

  /** Steered input not yet on the turn (kept when the run is cut). */
  get unmerged(): readonly ContentPart[][] {
    return this.gate?.steered ?? [];
  }

  /** A request finished: remember it when its response took input. */
  record(gate: GenerationGate): void {
    this.gate = gate.steered.length > 0 ? gate : undefined;
  }

  /** Places the steered input after the response; true when the server's continuation is the next request. */
  place(message: Message, hasCalls: boolean, turn: TurnSoFar): boolean {
    const gate = this.gate;
    this.gate = undefined;
    if (!gate) return false;
    this.continuation = placeSteered(gate, message, hasCalls, turn, this.inbox);
    return this.continuation !== undefined;
  }

  /** The events of the next request: the continuation if there is one, else the seam's, offered a steering slot. */
  source(gate: GenerationGate, fromSeam: (slot: SteeringSlot) => Observable<ModelStreamEvent>): Observable<ModelStreamEvent> {
    const continuation = this.continuation;
    this.continuation = undefined;
    if (!continuation) return fromSeam(gate);
    gate.attach(continuation);
    return continuation.events;
  }
}
