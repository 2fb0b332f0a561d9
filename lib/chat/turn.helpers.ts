import type { ContentPart, ToolCallPart, ToolResultPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
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

/** Gives every call without a result an `aborted` result (status `failed`), so the turn stays well-formed for any provider. */
export function closeUnanswered(turn: Message[]): void {
  for (const message of [...turn]) {
    if (message.role !== 'assistant') continue;
    const at = turn.indexOf(message);
    const answered = new Set<string>();
    for (let i = at + 1; i < turn.length && turn[i].role === 'tool'; i++) {
      for (const p of turn[i].parts) if (p.type === 'tool-result') answered.add(p.callId);
    }
    const missing = message.parts.filter(isRunnableCall).filter((c) => !answered.has(c.id));
    for (const call of missing) call.status = 'failed';
    placeResults(
      turn,
      message,
      missing.map((call) => errorResult(call, 'aborted', `"${call.name}" did not run to completion: the turn was interrupted`)),
    );
  }
}
