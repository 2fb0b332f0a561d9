import type { JsonSchema, JsonValue } from '../../lib/core/json.types';

/** A deep copy of a schema without `description` keywords (run-time schemas have no JSDoc). */
export function withoutDescriptions(schema: JsonSchema | JsonValue | object): JsonValue {
  if (Array.isArray(schema)) return schema.map((item) => withoutDescriptions(item));
  if (schema === null || typeof schema !== 'object') return schema as JsonValue;
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || value === undefined) continue;
    out[key] = key === 'enum' || key === 'const' || key === 'required' ? (value as JsonValue) : withoutDescriptions(value as JsonValue);
  }
  return out;
}
