import { randomUUID } from 'node:crypto';
import type { ToolCallPart } from '../../core/content-part.types';
import type { JsonValue } from '../../core/json.types';
import { asObject, nonEmpty } from './completions-wire.guards';

/** A call id for servers that send none (unique, so approvals find the right call). */
export function newCallId(): string {
  return `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

/**
 * Parses tool-call arguments sent as a JSON string. Empty text is `{}`; a double-encoded object
 * is unwrapped; text that is not JSON is kept in `rawArguments` with `arguments: null`, so it can
 * never pass validation by accident.
 */
export function parseArguments(value: unknown): { arguments: JsonValue; rawArguments?: string } {
  if (value === undefined || value === null) return { arguments: {} };
  if (typeof value !== 'string') return { arguments: value as JsonValue };
  if (value.trim() === '') return { arguments: {} };
  try {
    const parsed = JSON.parse(value) as JsonValue;
    if (typeof parsed === 'string' && /^\s*[[{]/.test(parsed)) {
      try {
        return { arguments: JSON.parse(parsed) as JsonValue };
      } catch {
        return { arguments: parsed };
      }
    }
    return { arguments: parsed };
  } catch {
    return { arguments: null, rawArguments: value };
  }
}

/** Builds a tool-call part. */
export function toolCallPart(id: string, name: string, args: unknown): ToolCallPart {
  const parsed = parseArguments(args);
  return {
    type: 'tool-call',
    id,
    name,
    arguments: parsed.arguments,
    ...(parsed.rawArguments !== undefined ? { rawArguments: parsed.rawArguments } : {}),
    status: 'pending',
  };
}

/** Maps one `tool_calls` entry of a whole response; undefined when it has no function name. */
export function mapWireToolCall(item: unknown): ToolCallPart | undefined {
  const call = asObject(item);
  const fn = asObject(call?.function);
  const name = nonEmpty(fn?.name);
  if (!call || !name) return undefined;
  return toolCallPart(nonEmpty(call.id) ?? newCallId(), name, fn?.arguments);
}
