import type { Message } from '../core/message.types';

const FINISHED = new Set(['completed', 'failed', 'rejected']);

/** Earlier turns: spans before the last user message, each from a user message (the first from 0). */
function turnSpans(messages: readonly Message[], lastUser: number): Array<[number, number]> {
  const starts = [0];
  const firstUser = messages.findIndex((m) => m.role === 'user');
  for (let i = firstUser + 1; i < lastUser; i++) if (messages[i].role === 'user') starts.push(i);
  return starts.map((start, k) => [start, k + 1 < starts.length ? starts[k + 1] : lastUser]);
}

/**
 * Drops the oldest turns so the next attempt fits the model's context. Never drops system
 * messages, the current turn (from the last user message on, with its tool loop), nor a tool call
 * still waiting for its result; a tool call and its result go together (turns they join are one).
 * Returns the shortened messages, or undefined when nothing can be dropped.
 *
 * @example
 * new ChatBuilder().withModel(p).withRetry(exponentialBackoff(), { onContextLength: trimOldestTurns })
 * trimOldestTurns(messages, 2) // drop two turns at once
 */
export function trimOldestTurns(messages: readonly Message[], turnsToDrop = 1): Message[] | undefined {
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  if (lastUser <= 0 || turnsToDrop < 1) return undefined;
  const spans = turnSpans(messages, lastUser);
  const spanOf = (index: number): number => spans.findIndex(([s, e]) => index >= s && index < e);
  const callAt = new Map<string, number>();
  const resultAt = new Map<string, number>();
  messages.forEach((m, i) =>
    m.parts.forEach((p) => {
      if (p.type === 'tool-call') callAt.set(p.id, i);
      else if (p.type === 'tool-result') resultAt.set(p.callId, i);
    }),
  );
  // a call and its result in different spans join them (and those between) into one group
  const group = spans.map((_, k) => k);
  const blocked = new Set<number>();
  for (const [id, at] of callAt) {
    const result = resultAt.get(id);
    const from = spanOf(at);
    if (from < 0) continue;
    const to = result === undefined ? -1 : spanOf(result);
    if (result !== undefined && to < 0) blocked.add(from); // answered inside the current turn: keep it
    for (let k = from + 1; k <= to; k++) group[k] = group[from];
    const call = messages[at].parts.find((p) => p.type === 'tool-call' && p.id === id);
    if (result === undefined && call?.type === 'tool-call' && !call.native && !FINISHED.has(call.status)) blocked.add(from);
  }
  for (const k of blocked) for (let j = 0; j < spans.length; j++) if (group[j] === group[k]) blocked.add(j);
  const dropped = new Set<number>();
  for (let k = 0; k < spans.length && dropped.size < turnsToDrop; k++) {
    if (blocked.has(k) || dropped.has(group[k])) continue;
    if (messages.slice(spans[k][0], spans[k][1]).every((m) => m.role === 'system')) continue;
    dropped.add(group[k]);
  }
  if (dropped.size === 0) return undefined;
  return messages.filter((m, i) => {
    const k = spanOf(i);
    return k < 0 || !dropped.has(group[k]) || m.role === 'system';
  });
}
