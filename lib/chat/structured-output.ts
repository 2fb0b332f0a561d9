import type { Message } from '../core/message.types';
import type { JsonValue } from '../core/json.types';
import type { OutputCheck, OutputSpec } from '../core/output.types';
import type { ResponseFormat } from '../core/provider.types';
import { parsePartialJson, stripJsonFence } from './partial-json.parser';

/** What the provider is sent for a structured-output chat. */
export function responseFormatOf(spec: OutputSpec<unknown>): ResponseFormat {
  return spec.description === undefined ? { name: spec.name, schema: spec.schema } : { name: spec.name, schema: spec.schema, description: spec.description };
}

function parseJsonText(text: string): { ok: true; value: JsonValue } | { ok: false; message: string } {
  const body = stripJsonFence(text).trim();
  try {
    return { ok: true, value: JSON.parse(body) as JsonValue };
  } catch (error) {
    const first = body.search(/[[{]/);
    const last = Math.max(body.lastIndexOf('}'), body.lastIndexOf(']'));
    if (first >= 0 && last > first) {
      try {
        return { ok: true, value: JSON.parse(body.slice(first, last + 1)) as JsonValue };
      } catch {
        // fall through to the first error
      }
    }
    return { ok: false, message: `The answer is not valid JSON (${(error as Error).message})` };
  }
}

/** Turns a final answer into the structured output: JSON (a ```json fence is fine), then `spec.parse()`. */
export async function checkOutput<T>(spec: OutputSpec<T>, text: string): Promise<OutputCheck<T>> {
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, message: json.message, errors: [] };
  try {
    return await spec.parse(json.value);
  } catch (error) {
    return { ok: false, message: `The answer could not be read as ${spec.name}: ${(error as Error)?.message ?? String(error)}`, errors: [] };
  }
}

/** The user message that asks the model to fix an invalid structured answer. */
export function repairMessage(spec: OutputSpec<unknown>, problem: string): Message {
  const text =
    `Your answer did not match the required "${spec.name}" format: ${problem}\n` +
    `Reply again with only the corrected JSON value, matching this JSON Schema:\n${JSON.stringify(spec.schema)}`;
  return { role: 'user', parts: [{ type: 'text', text }] };
}

/** Emits the object parsed so far from streamed JSON text, each time it changes. */
export class PartialOutputTracker {
  private text = '';
  private last = '';

  constructor(private readonly emit: (partial: JsonValue) => void) {}

  /** A new model request starts: forget the previous text. */
  reset(): void {
    this.text = '';
    this.last = '';
  }

  append(delta: string): void {
    this.text += delta;
    const { value } = parsePartialJson(this.text);
    if (value === undefined || typeof value !== 'object' || value === null) return;
    const key = JSON.stringify(value);
    if (key === this.last) return;
    this.last = key;
    this.emit(value);
  }
}
