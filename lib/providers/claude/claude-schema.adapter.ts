import type { JsonObject, JsonSchema, JsonValue } from '../../core/json.types';
import { claudeDialect } from '../../schema/dialects/claude.dialect';
import { moveToDescription } from '../../schema/dialects/description-notes';

/** Keywords Claude's constrained decoding does not enforce: moved into `description` so the model still reads them. */
const UNSUPPORTED_OUTPUT_KEYWORDS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'patternProperties',
  'propertyNames',
  'dependencies',
  'if',
  'then',
  'else',
  'not',
] as const;

const SUPPORTED_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid']);

/** Keywords whose value is a schema, a list of schemas, or a map of schemas. */
const SCHEMA_VALUED = new Set(['items', 'additionalItems', 'contains']);
const SCHEMA_LISTS = new Set(['anyOf', 'allOf', 'oneOf', 'prefixItems']);
const SCHEMA_MAPS = new Set(['properties', 'definitions', '$defs']);

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strip(schema: JsonSchema): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) if (value !== undefined && key !== '$schema' && key !== '$id') out[key] = value;
  return out;
}

function adaptOutputNode(node: JsonValue): JsonValue {
  if (Array.isArray(node)) return node.map(adaptOutputNode);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  const unenforced: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if ((UNSUPPORTED_OUTPUT_KEYWORDS as readonly string[]).includes(key)) unenforced.push(key);
    else if (key === 'format' && typeof value === 'string' && !SUPPORTED_FORMATS.has(value)) unenforced.push(key);
    else if (key === 'minItems' && typeof value === 'number' && value > 1) unenforced.push(key);
    if (key === 'oneOf') {
      out.anyOf = adaptOutputNode(value);
    } else if (SCHEMA_VALUED.has(key)) {
      out[key] = adaptOutputNode(value);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(adaptOutputNode);
    } else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, adaptOutputNode(v)]));
    } else {
      out[key] = value;
    }
  }
  const isObjectSchema = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object')) || isObject(out.properties);
  if (isObjectSchema) out.additionalProperties = false;
  return moveToDescription(out, unenforced) as JsonObject;
}

/**
 * Adapts a canonical (draft-07) schema to Claude's structured-output dialect (`output_config.format`):
 * every object closed with `additionalProperties: false`, `oneOf` as `anyOf`, and the constraints
 * Claude does not enforce (numeric bounds, string lengths, `minItems` > 1, unknown formats) moved into
 * `description`. The engine still validates the reply against the original schema.
 */
export function toClaudeOutputSchema(schema: JsonSchema): JsonObject {
  return adaptOutputNode(strip(schema)) as JsonObject;
}

/**
 * Adapts a canonical tool-parameter schema to Claude's `input_schema` (the schema pipeline's
 * Claude dialect: no `$schema`/`$id`, always an object at the top).
 */
export function toClaudeInputSchema(schema: JsonSchema): JsonObject {
  return claudeDialect.adapt(schema) as JsonObject;
}
