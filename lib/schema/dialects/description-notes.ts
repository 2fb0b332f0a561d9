import type { JsonSchema, JsonValue } from '../../core/json.types';

/**
 * Moves keywords a dialect cannot express into the description, so the model still reads them:
 * `City name (minLength: 1, format: uri)`.
 */
export function moveToDescription(schema: JsonSchema, keywords: readonly string[]): JsonSchema {
  const notes: string[] = [];
  const out: JsonSchema = { ...schema };
  for (const keyword of keywords) {
    const value = out[keyword];
    if (value === undefined) continue;
    notes.push(`${keyword}: ${render(value)}`);
    delete out[keyword];
  }
  if (notes.length === 0) return out;
  const note = notes.join(', ');
  out.description = typeof out.description === 'string' && out.description !== '' ? `${out.description} (${note})` : note;
  return out;
}

function render(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
