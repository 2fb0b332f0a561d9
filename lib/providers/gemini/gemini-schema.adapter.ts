import type { JsonObject, JsonSchema, JsonValue } from '../../core/json.types';
import { geminiDialect } from '../../schema/dialects/gemini.dialect';

/**
 * Which schema fields a request uses:
 * - `json-schema`: `responseJsonSchema` / `parametersJsonSchema` (JSON Schema, Gemini 2.5 and later).
 * - `openapi`: `responseSchema` / `parameters`, Gemini's OpenAPI 3.0 subset (every model), adapted
 *   by the schema pipeline's `geminiDialect`.
 */
export type GeminiSchemaDialect = 'json-schema' | 'openapi';

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function clean(value: JsonSchema): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out;
}

/**
 * Canonical JSON Schema (draft-07) → what `responseJsonSchema` / `parametersJsonSchema` accept:
 * `definitions` become `$defs` (and their `$ref`s follow), `$schema` and `$comment` are dropped.
 */
export function toGeminiJsonSchema(schema: JsonSchema): JsonObject {
  const rewrite = (value: JsonValue): JsonValue => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isObject(value)) return value;
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === '$schema' || key === '$comment') continue;
      if (key === '$ref' && typeof v === 'string') out.$ref = v.replace(/^#\/definitions\//, '#/$defs/');
      else if (key === 'definitions') out.$defs = rewrite(v);
      else out[key] = rewrite(v);
    }
    return out;
  };
  return rewrite(clean(schema)) as JsonObject;
}

/**
 * Adapts a canonical schema to the chosen dialect; `openapi` uses the schema pipeline's Gemini
 * dialect (upper-case types, `nullable`, string enums, inlined definitions).
 */
export function adaptSchema(schema: JsonSchema, dialect: GeminiSchemaDialect): JsonObject {
  return dialect === 'openapi' ? (geminiDialect.adapt(schema) as JsonObject) : toGeminiJsonSchema(schema);
}

/** Undoes on a returned value what the adaptation changed (enum values sent as strings), before validation. */
export function restoreValue(value: JsonValue, canonical: JsonSchema, dialect: GeminiSchemaDialect): JsonValue {
  return dialect === 'openapi' ? geminiDialect.restore(value, canonical) : value;
}
