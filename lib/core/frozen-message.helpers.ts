import type { ContentPart, ToolCallPart } from './content-part.types';
import type { Message } from './message.types';

/**
 * Whether engine-made message values are frozen: everywhere but production, where the check
 * costs nothing more than this one flag, read once.
 */
const FREEZE = typeof process === 'undefined' || process.env?.NODE_ENV !== 'production';

function freezePart(part: ContentPart): ContentPart {
  if (part.type === 'tool-call') {
    if (part.approval) Object.freeze(part.approval);
    return Object.freeze(part);
  }
  return Object.freeze(part);
}

/**
 * A message as the engine hands it out: outside production it is frozen, with its parts array,
 * its tool calls (and their approvals) and its tool results, so that an attempt to change one in
 * place throws (in strict mode) instead of silently rewriting a conversation someone else holds.
 * Text, reasoning and media parts stay as the provider made them.
 *
 * @example
 * const message = frozenMessage({ role: 'user', parts: [{ type: 'text', text: 'hi' }] });
 * Object.isFrozen(message); // true unless NODE_ENV is 'production'
 */
export function frozenMessage(message: Message): Message {
  if (!FREEZE || Object.isFrozen(message)) return message;
  message.parts.forEach(freezePart);
  Object.freeze(message.parts);
  return Object.freeze(message);
}

/**
 * `message` with the tool call `id` replaced by `change(call)`: a new message value, the old one
 * untouched. Returns `message` itself when it holds no such call.
 *
 * @example
 * const approved = withToolCall(message, 'call_1', (call) => ({ ...call, status: 'approved' }));
 */
export function withToolCall(message: Message, id: string, change: (call: ToolCallPart) => ToolCallPart): Message {
  const at = message.parts.findIndex((p) => p.type === 'tool-call' && p.id === id);
  if (at < 0) return message;
  const parts = [...message.parts];
  parts[at] = change(parts[at] as ToolCallPart);
  return frozenMessage({ ...message, parts });
}
