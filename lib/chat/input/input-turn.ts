import type { Message, ResponseMetadata } from '../../core/message.types';
import type { StreamEvent } from '../../core/stream-event.types';
import type { PartialStep } from '../partial-step';
import { textOf } from '../turn.helpers';
import { closeUnanswered, withMessageStatus } from '../turn.machine';
import type { GenerationGate } from './generation-gate';
import type { InputInbox } from './input-inbox';
import type { NativeSteeringStream } from './native-steering.types';
import { inputMessage } from './user-input';

/** The turn being built by a run: its messages so far, and a structured-output repair exchange kept aside. */
export interface TurnSoFar {
  readonly produced: Message[];
  readonly scratch: Message[];
  readonly emit: (event: StreamEvent<never>) => void;
}

/** Moves a repair exchange onto the turn: new input follows it, so it becomes part of the record. */
function settleScratch(turn: TurnSoFar): void {
  if (turn.scratch.length > 0) turn.produced.push(...turn.scratch.splice(0));
}

/**
 * Before a model request: when input waits, lets the burst settle (coalescing window), then appends
 * each input as a user message, in order, and says the generation restarts. Returns true when
 * input was merged.
 */
export async function mergeInput(inbox: InputInbox, signal: AbortSignal, turn: TurnSoFar, restart: boolean): Promise<boolean> {
  if (!inbox.hasPending) return false;
  await inbox.settle(signal);
  const inputs = inbox.take();
  if (inputs.length === 0) return false;
  settleScratch(turn);
  turn.produced.push(...inputs.map((parts) => inputMessage(parts)));
  if (restart) turn.emit({ type: 'generation-restarted' });
  return true;
}

/**
 * A generation cut by new input: what it streamed stays on the turn as an `interrupted` assistant
 * message (its unfinished tool calls get `aborted` results, so the turn stays well-formed), and
 * `generation-interrupted` carries its text. The partial message has no response id: no response
 * of the provider holds it (nothing may chain from it).
 */
export function keepCutGeneration(partial: PartialStep | undefined, metadata: ResponseMetadata, turn: TurnSoFar): void {
  const { id: _none, ...rest } = metadata;
  const message = partial?.toMessage(rest);
  settleScratch(turn);
  if (message) {
    turn.produced.push(message);
    closeUnanswered(turn.produced);
  }
  turn.emit({ type: 'generation-interrupted', partialText: message ? textOf(message) : '' });
}

/** An answer that ended while new input waited: kept as it is; the input is answered next. */
export function keepAnswer(message: Message, turn: TurnSoFar): void {
  settleScratch(turn);
  turn.produced.push(message);
}

/**
 * Native steering: the response a steered request produced. Without tool calls, it is kept (marked
 * `interrupted` when the server cut it for the input, finish reason `steered`), the steered input
 * follows it, and the server's continuation is returned as the next request. With tool calls, the
 * input goes back to the inbox and is sent after the tool results (returns `undefined`).
 */
export function placeSteered(gate: GenerationGate, message: Message, hasCalls: boolean, turn: TurnSoFar, inbox: InputInbox): NativeSteeringStream | undefined {
  const inputs = gate.steered.splice(0);
  if (hasCalls || !gate.steering) {
    inbox.requeue(inputs);
    return undefined;
  }
  const steered = message.finishReason?.raw === 'steered';
  if (steered) turn.emit({ type: 'generation-interrupted', partialText: textOf(message) });
  settleScratch(turn);
  turn.produced.push(steered ? withMessageStatus(message, 'interrupted') : message, ...inputs.map((parts) => inputMessage(parts)));
  turn.emit({ type: 'generation-restarted' });
  return gate.steering.continuation();
}
