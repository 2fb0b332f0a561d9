import type { ContentPart } from '../../core/content-part.types';
import type { Message } from '../../core/message.types';
import { ConversationFormatError } from '../../errors/conversation-format.error';
import { cloneJson } from '../json-clone';
import { frozenMessage } from '../../core/frozen-message.helpers';
import type { UserInput } from './user-input.types';

const USER_PART_TYPES = new Set<ContentPart['type']>(['text', 'image', 'file']);

/**
 * The parts of one pushed input (a copy, so later changes by the caller do not reach the
 * conversation). Empty input (no parts, or only empty text) gives `[]`, which is ignored. A part a
 * user cannot send (a tool call, a tool result, reasoning) is a `ConversationFormatError`.
 */
export function toInputParts(input: UserInput): ContentPart[] {
  const parts: ContentPart[] = typeof input === 'string' ? [{ type: 'text', text: input }] : Array.isArray(input) ? [...(input as readonly ContentPart[])] : [input as ContentPart];
  for (const part of parts) {
    if (!part || !USER_PART_TYPES.has(part.type)) {
      throw new ConversationFormatError(`Pushed input may hold text, image and file parts, not ${JSON.stringify((part as { type?: unknown } | null)?.type)}`);
    }
  }
  const kept = parts.filter((p) => p.type !== 'text' || p.text !== '');
  return cloneJson(kept);
}

/** A user message holding pushed input; `queued` while it waits behind a turn paused for approval. */
export function inputMessage(parts: readonly ContentPart[], queued = false): Message {
  return frozenMessage(queued ? { role: 'user', parts: [...parts], queued: true } : { role: 'user', parts: [...parts] });
}

/** True for a user message that waits behind a paused turn (see `Message.queued`). */
export function isQueuedInput(message: Message): boolean {
  return message.role === 'user' && message.queued === true;
}
