import type { Message } from '../core/message.types';

/**
 * Drops the oldest turns so a retry can fit the model's context: never system messages, never the
 * last user message, and never a tool call whose result is not on the conversation yet. Removes
 * whole turns (a user message with what answered it) so tool calls and results stay paired.
 * Returns undefined when nothing more can be removed.
 */
export function trimOldestTurns(messages: readonly Message[], turnsToDrop = 1): Message[] | undefined {
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  const turnStarts: number[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'user' && i < lastUser) turnStarts.push(i);
  });
  if (turnStarts.length === 0) return undefined;
  const cut = turnsToDrop < turnStarts.length ? turnStarts[turnsToDrop] : lastUser;
  const dropped = messages.slice(0, cut);
  const kept = messages.slice(cut);
  const answered = new Set(kept.flatMap((m) => m.parts.flatMap((p) => (p.type === 'tool-result' ? [p.callId] : []))));
  const unanswered = dropped.some((m) => m.parts.some((p) => p.type === 'tool-call' && !p.native && !answered.has(p.id) && p.status !== 'completed' && p.status !== 'failed' && p.status !== 'rejected'));
  if (unanswered) return undefined;
  return [...dropped.filter((m) => m.role === 'system'), ...kept];
}
