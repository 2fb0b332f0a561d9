import type { ToolCallPart } from '../core/content-part.types';
import type { Messages } from '../core/messages';

/**
 * Calls a run would act on now: decided (approved or rejected) but without a result yet, or
 * deferred and due. A conversation with none has nothing to resume.
 */
export function awaitingCalls(messages: Messages, now: number): ToolCallPart[] {
  const answered = new Set<string>();
  for (const m of messages.toJSON().messages) for (const p of m.parts) if (p.type === 'tool-result') answered.add(p.callId);
  return messages.toolCalls().filter((c) => {
    if (answered.has(c.id)) return false;
    if (c.status === 'approved' || c.status === 'rejected') return true;
    return c.status === 'deferred' && (c.approval?.resumeAt ?? Infinity) <= now;
  });
}

/** When the earliest deferred call (waiting for its time, approved or not) is due (epoch ms), if any. */
export function wakeAt(messages: Messages): number | undefined {
  const times = messages
    .toolCalls()
    .filter((c) => c.status === 'deferred' || c.status === 'approved')
    .map((c) => c.approval?.resumeAt)
    .filter((t): t is number => typeof t === 'number');
  return times.length ? Math.min(...times) : undefined;
}
