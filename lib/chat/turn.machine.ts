import type { ToolCallApproval, ToolCallPart, ToolCallStatus, ToolResultPart, ContentPart } from '../core/content-part.types';
import type { Message, ResponseStatus } from '../core/message.types';
import { frozenMessage, withToolCall } from '../core/frozen-message.helpers';
import { IllegalTurnTransitionError } from '../errors/illegal-turn-transition.error';
import { errorResult } from './tool-executor';
import { isRunnableCall, isWaiting } from './turn.helpers';
import type { InterruptedTurn } from './turn.types';

/**
 * Where one turn (one `complete()` / `stream()` call) is:
 * - `requesting`: a model request is being sent (or waits for its first event);
 * - `streaming`: the model's events arrive;
 * - `tools`: the answer's tool calls are gated and run;
 * - `awaiting-approval`: calls wait for a decision (a resumed turn starts here; a paused one ends here);
 * - `repairing`: a structured answer was invalid, a repair request follows;
 * - `done`: a final answer; `interrupted`: cut short (abort, unsubscribe); `failed`: an error ended it.
 */
export type TurnPhase = 'requesting' | 'streaming' | 'tools' | 'awaiting-approval' | 'repairing' | 'done' | 'interrupted' | 'failed';

const CUT = ['interrupted', 'failed'] as const;

/** Every legal move; anything else is an {@link IllegalTurnTransitionError}. */
export const TURN_TRANSITIONS: Readonly<Record<TurnPhase, readonly TurnPhase[]>> = {
  // → requesting again: new input cut the request (input streaming) before it was answered
  requesting: ['streaming', 'requesting', ...CUT],
  // → requesting: new input cut or followed the answer, or native steering continues it
  streaming: ['tools', 'repairing', 'done', 'requesting', ...CUT],
  tools: ['requesting', 'awaiting-approval', ...CUT],
  'awaiting-approval': ['tools', ...CUT],
  repairing: ['requesting', ...CUT],
  // a finished turn cut before it was written back (unsubscribed in that instant) is interrupted
  done: ['interrupted'],
  interrupted: [],
  failed: [],
};

/**
 * The state of one turn: the runner moves it with {@link TurnMachine.to}, which refuses a move
 * the table does not allow. Terminal: `interrupted`, `failed` (and `done` but for a late cut).
 */
export class TurnMachine {
  constructor(private current: TurnPhase = 'requesting') {}

  get phase(): TurnPhase {
    return this.current;
  }

  /** Moves to `next`; throws `IllegalTurnTransitionError` when `next` cannot follow the current state. */
  to(next: TurnPhase): void {
    if (!TURN_TRANSITIONS[this.current].includes(next)) throw new IllegalTurnTransitionError(this.current, next);
    this.current = next;
  }

  /** Ends the turn as cut (`interrupted`) or `failed`, unless it already ended that way. */
  end(how: 'interrupted' | 'failed'): void {
    if (this.current !== 'interrupted' && this.current !== 'failed') this.to(how);
  }
}

// ---- value transitions: each returns new (frozen outside production) messages; nothing is changed in place ----

/** `message` with the call `id` in `status` (and `approval`, when given: it replaces the old one). */
export function withCallStatus(message: Message, id: string, status: ToolCallStatus, approval?: ToolCallApproval): Message {
  return withToolCall(message, id, (call) => (approval === undefined ? { ...call, status } : { ...call, status, approval }));
}

/** `message` with the turn status `status`. */
export function withMessageStatus(message: Message, status: ResponseStatus): Message {
  return message.status === status ? message : frozenMessage({ ...message, status });
}

/** The call `id` as it stands on `message`. */
export function callOn(message: Message, id: string): ToolCallPart {
  return message.parts.find((p): p is ToolCallPart => p.type === 'tool-call' && p.id === id)!;
}

/** Puts `next` where `old` is in `list` (the engine's working list, not a message). */
export function replaceIn(list: Message[], old: Message, next: Message): void {
  const at = list.indexOf(old);
  if (at >= 0 && old !== next) list[at] = next;
}

/**
 * Puts results on the turn right after their assistant message: into the tool message that follows
 * it (a resumed pause) or a new one. Results are kept in the order of the calls.
 */
export function placeResults(turn: Message[], assistant: Message, results: readonly ToolResultPart[]): void {
  if (results.length === 0) return;
  const at = turn.indexOf(assistant);
  const next = turn[at + 1];
  const order = new Map(assistant.parts.filter(isRunnableCall).map((c, i) => [c.id, i]));
  const rank = (p: ContentPart): number => (p.type === 'tool-result' ? (order.get(p.callId) ?? order.size) : order.size);
  if (next?.role === 'tool') turn[at + 1] = frozenMessage({ ...next, parts: [...next.parts, ...results].sort((a, b) => rank(a) - rank(b)) });
  else turn.splice(at + 1, 0, frozenMessage({ role: 'tool', parts: [...results].sort((a, b) => rank(a) - rank(b)) }));
}

function answeredAfter(items: readonly Message[], at: number): { answered: Set<string>; end: number } {
  const answered = new Set<string>();
  let end = at + 1;
  for (; end < items.length && items[end].role === 'tool'; end++) {
    for (const p of items[end].parts) if (p.type === 'tool-result') answered.add(p.callId);
  }
  return { answered, end };
}

/**
 * Gives every call that started but has no result an `aborted` result (status `failed`), so the
 * turn stays well-formed for any provider. Calls still waiting for a decision are left as they are.
 */
export function closeUnanswered(turn: Message[]): void {
  for (const original of [...turn]) {
    if (original.role !== 'assistant') continue;
    const { answered } = answeredAfter(turn, turn.indexOf(original));
    const missing = original.parts.filter(isRunnableCall).filter((c) => !answered.has(c.id) && !isWaiting(c));
    if (missing.length === 0) continue;
    const message = missing.reduce((m, call) => withCallStatus(m, call.id, 'failed'), original);
    replaceIn(turn, original, message);
    placeResults(turn, message, missing.map((call) => errorResult(call, 'aborted', `"${call.name}" did not run to completion: the turn was interrupted`)));
  }
}

/** `message` without the `queued` flag (its paused turn resumed or was abandoned). */
export function unqueued(message: Message): Message {
  if (!message.queued) return message;
  const { queued: _released, ...rest } = message;
  return frozenMessage(rest);
}

/**
 * Closes paused turns the conversation has moved past (a new user message came instead of a
 * decision): their undecided calls become `rejected` with a result saying so, so the history stays
 * well-formed for every provider. Looks at `items[0..end)`; writes through `replace` / `insert`.
 */
export function closeAbandonedPauses(
  items: readonly Message[],
  end: number,
  replace: (index: number, message: Message) => void,
  insert: (index: number, message: Message) => void,
): void {
  for (let i = end - 1; i >= 0; i--) {
    const original = items[i];
    if (original.role !== 'assistant' || original.status !== 'paused') continue;
    const { answered, end: after } = answeredAfter(items, i);
    for (let q = after; q < items.length && items[q].queued; q++) replace(q, unqueued(items[q])); // the queued input just follows now
    const open = original.parts.filter(isRunnableCall).filter((c) => !answered.has(c.id));
    if (open.length === 0) continue;
    const reason = 'No decision before the conversation moved on';
    const message = open.reduce((m, call) => withCallStatus(m, call.id, 'rejected', { ...call.approval, reason }), withMessageStatus(original, 'interrupted'));
    replace(i, message);
    const results = open.map((call) => errorResult(call, 'rejected', `"${call.name}" did not run: no decision was made before the conversation moved on`));
    const next = items[i + 1];
    if (next?.role === 'tool') replace(i + 1, frozenMessage({ ...next, parts: [...next.parts, ...results] }));
    else insert(i + 1, frozenMessage({ role: 'tool', parts: results }));
  }
}

/** Clears the `queued` flag of the user messages of `list` from `from` on (the engine's working list). */
export function releaseQueuedInput(list: Message[], from = 0): void {
  for (let i = from; i < list.length; i++) list[i] = unqueued(list[i]);
}

/**
 * The turn so far closed for the conversation when it ends `interrupted` or `failed`: calls that
 * started without finishing get `aborted` results; the last assistant message is `interrupted` (or
 * stays `paused` when some of its calls still wait for a decision, so the next call resumes it);
 * `leftover(paused)` gives accepted input not yet on the turn, kept after it (queued behind a
 * pause), and then a re-subscription answers that input instead of redoing the turn.
 */
export function closedTurn(produced: readonly Message[], partial: Message | undefined, leftover: (paused: boolean) => readonly Message[]): InterruptedTurn {
  const messages = [...produced];
  closeUnanswered(messages);
  const redoFrom = messages.length;
  if (partial) messages.push(partial);
  closeUnanswered(messages);
  const last = [...messages].reverse().find((m) => m.role === 'assistant');
  const closed = last && withMessageStatus(last, last.parts.filter(isRunnableCall).some(isWaiting) ? 'paused' : 'interrupted');
  if (last && closed) replaceIn(messages, last, closed);
  const unmerged = leftover(closed?.status === 'paused');
  messages.push(...unmerged);
  return { messages, redoFrom: unmerged.length > 0 ? messages.length : redoFrom };
}
