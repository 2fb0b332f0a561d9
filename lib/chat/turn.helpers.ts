import type { ContentPart, ToolCallPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
import type { ProviderResponse } from '../core/provider.types';
import { cloneJson } from './json-clone';
import { frozenMessage } from '../core/frozen-message.helpers';

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

/** Statuses of calls still waiting for a decision or their time: an interruption leaves them to a later resume. */
export function isWaiting(call: ToolCallPart): boolean {
  return call.status === 'pending' || call.status === 'deferred' || call.status === 'approved';
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
  return frozenMessage({ role: 'assistant', parts, status: 'completed', metadata: response.metadata, usage: response.usage, finishReason: response.finishReason });
}
