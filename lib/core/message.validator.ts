import { ConversationFormatError } from './conversation-format.error';
import type { Message } from './message.types';

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const PART_TYPES = new Set(['text', 'reasoning', 'image', 'file', 'tool-call', 'tool-result', 'provider']);

/** Checks that a loaded message has the shape chat-ts writes; throws a `ConversationFormatError` naming what is wrong. */
export function validateMessage(message: unknown, index: number): asserts message is Message {
  const where = `messages[${index}]`;
  if (typeof message !== 'object' || message === null) throw new ConversationFormatError(`${where} is not an object`);
  const m = message as Record<string, unknown>;
  if (!ROLES.has(m.role as string)) throw new ConversationFormatError(`${where}.role is ${JSON.stringify(m.role)}`);
  if (!Array.isArray(m.parts)) throw new ConversationFormatError(`${where}.parts is not an array`);
  m.parts.forEach((p: unknown, j: number) => {
    const type = (p as { type?: unknown } | null)?.type;
    if (!PART_TYPES.has(type as string)) {
      throw new ConversationFormatError(`${where}.parts[${j}].type is ${JSON.stringify(type)}`);
    }
    const part = p as Record<string, unknown>;
    const need = (key: string, kind: string): void => {
      if (typeof part[key] !== kind) throw new ConversationFormatError(`${where}.parts[${j}].${key} must be a ${kind}`);
    };
    if (type === 'text' || type === 'reasoning') need('text', 'string');
    if (type === 'tool-call') (need('id', 'string'), need('name', 'string'), need('status', 'string'));
    if (type === 'tool-result') (need('callId', 'string'), need('content', 'string'));
    if (type === 'image' || type === 'file') need('source', 'object');
  });
}
