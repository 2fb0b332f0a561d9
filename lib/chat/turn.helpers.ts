import type { ContentPart, ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
import type { ProviderResponse } from '../core/provider.types';
import { cloneJson } from './json-clone';
import { errorResult } from './tool-executor';

/** A tool call the engine runs (not a provider-executed native one). */
export function isRunnableCall(part: ContentPart): part is ToolCallPart {
  return part.type === 'tool-call' && !part.native;
}

/** The text of a message (its text parts, joined). */
export function textOf(message: Message): string {
  return message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** `id`, or `id_2`, `id_3`... when it is already taken on the conversation (or empty). */
export function uniqueCallId(id: string, taken: ReadonlySet<string>): string {
  const base = id || 'call';
  if (id && !taken.has(id)) return id;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/**
 * Puts results on the turn right after their assistant message: into the tool message that follows
 * it (a resumed pause) or a new one. Results are kept in the order of the calls.
 */
export function placeResults(turn: Message[], assistant: Message, results: ToolResultPart[]): void {
  if (results.length === 0) return;
  const at = turn.indexOf(assistant);
  const next = turn[at + 1];
  const order = new Map(assistant.parts.filter(isRunnableCall).map((c, i) => [c.id, i]));
  const rank = (p: ContentPart): number => (p.type === 'tool-result' ? (order.get(p.callId) ?? order.size) : order.size);
  if (next?.role === 'tool') {
    next.parts = [...next.parts, ...results].sort((a, b) => rank(a) - rank(b));
  } else {
    turn.splice(at + 1, 0, { role: 'tool', parts: [...results].sort((a, b) => rank(a) - rank(b)) });
  }
}

/** Statuses of calls still waiting for a decision or their time: an interruption leaves them to a later resume. */
export function isWaiting(call: ToolCallPart): boolean {
  return call.status === 'pending' || call.status === 'deferred' || call.status === 'approved';
}

/**
 * Gives every call that started but has no result an `aborted` result (status `failed`), so the
 * turn stays well-formed for any provider. Calls still waiting for a decision are left as they are.
 */
export function closeUnanswered(turn: Message[]): void {
  for (const message of [...turn]) {
    if (message.role !== 'assistant') continue;
    const at = turn.indexOf(message);
    const answered = new Set<string>();
    for (let i = at + 1; i < turn.length && turn[i].role === 'tool'; i++) {
      for (const p of turn[i].parts) if (p.type === 'tool-result') answered.add(p.callId);
    }
    const missing = message.parts.filter(isRunnableCall).filter((c) => !answered.has(c.id) && !isWaiting(c));
    for (const call of missing) call.status = 'failed';
    placeResults(
      turn,
      message,
      missing.map((call) => errorResult(call, 'aborted', `"${call.name}" did not run to completion: the turn was interrupted`)),
    );
  }
}

/**
 * Closes paused turns the conversation has moved past (a new user message came instead of a
 * decision): their undecided calls become `rejected` with a result saying so, inserted through
 * `insert`, so the history stays well-formed for every provider. Looks at `items[0..end)`.
 */
export function closeAbandonedPauses(items: readonly Message[], end: number, insert: (index: number, message: Message) => void): void {
  for (let i = end - 1; i >= 0; i--) {
    const message = items[i];
    if (message.role !== 'assistant' || message.status !== 'paused') continue;
    const answered = new Set<string>();
    let j = i + 1;
    for (; j < items.length && items[j].role === 'tool'; j++) {
      for (const p of items[j].parts) if (p.type === 'tool-result') answered.add(p.callId);
    }
    for (let q = j; q < items.length && items[q].queued; q++) delete items[q].queued; // the queued input just follows now
    const open = message.parts.filter(isRunnableCall).filter((c) => !answered.has(c.id));
    if (open.length === 0) continue;
    message.status = 'interrupted';
    const results = open.map((call) => {
      call.status = 'rejected';
      call.approval = { ...call.approval, reason: 'No decision before the conversation moved on' };
      return errorResult(call, 'rejected', `"${call.name}" did not run: no decision was made before the conversation moved on`);
    });
    const next = items[i + 1];
    if (next?.role === 'tool') next.parts = [...next.parts, ...results];
    else insert(i + 1, { role: 'tool', parts: results });
  }
}

/** A model answer as a conversation message: its calls get unique ids (see {@link uniqueCallId}) and no approval state from the provider. */
export function toAssistantMessage(response: ProviderResponse, earlier: readonly Message[]): Message {
  const taken = new Set<string>();
  for (const m of earlier) for (const p of m.parts) if (p.type === 'tool-call') taken.add(p.id);
  const parts = cloneJson(response.parts).map((part) => {
    if (!isRunnableCall(part)) return part;
    const id = uniqueCallId(part.id, taken);
    taken.add(id);
    const { approval: _dropped, ...rest } = part;
    return { ...rest, id, status: 'pending' as const };
  });
  return { role: 'assistant', parts, status: 'completed', metadata: response.metadata, usage: response.usage, finishReason: response.finishReason };
}
