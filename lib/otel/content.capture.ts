import type { ContentPart } from '../core/content-part.types';
import type { Message } from '../core/message.types';
import type { JsonValue } from '../core/json.types';
import type { ContentRecording } from './telemetry-options.types';

/** Default cap of a recorded value, in characters. */
export const DEFAULT_CONTENT_MAX_CHARS = 4096;

/** The cap to record content with, or `undefined` when content is not recorded. */
export function contentCap(option: boolean | ContentRecording | undefined): number | undefined {
  if (!option) return undefined;
  const max = option === true ? undefined : option.maxChars;
  return typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : DEFAULT_CONTENT_MAX_CHARS;
}

/** `text` cut to `max` characters (marked with `…` when cut). */
export function capped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function partOf(part: ContentPart): JsonValue | undefined {
  switch (part.type) {
    case 'text':
      return { type: 'text', content: part.text };
    case 'reasoning':
      return { type: 'reasoning', content: part.text };
    case 'tool-call':
      return { type: 'tool_call', id: part.id, name: part.name, arguments: part.arguments };
    case 'tool-result':
      return { type: 'tool_call_response', id: part.callId, response: part.content };
    default:
      return { type: part.type };
  }
}

/** Messages in the GenAI conventions' shape (`role` and `parts`), as capped JSON. */
export function messagesJson(messages: readonly Message[], max: number): string {
  const shaped = messages.map((m) => ({ role: m.role, parts: m.parts.map(partOf).filter((p): p is JsonValue => p !== undefined) }));
  return capped(JSON.stringify(shaped), max);
}
