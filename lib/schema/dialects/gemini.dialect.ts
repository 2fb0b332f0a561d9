import type { JsonSchema, JsonValue } from '../../core/json.types';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import { isSchemaObject, schemaMap, typeList } from '../json-schema.helpers';
import { dropOptionalNulls, resolveSchemaRef } from '../optional-nulls';
import { moveToDescription } from './description-notes';
import type { SchemaDialect } from './schema-dialect.types';

/** Fields of Gemini's `Schema` (a subset of the OpenAPI 3.0 schema object). */
const KEPT = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'items', 'minItems', 'maxItems', 'properties', 'required',
  'propertyOrdering', 'anyOf', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'default', 'example',
]);
/** Keywords dropped without a note. */
const DROPPED = new Set(['additionalProperties', '$schema', '$id', '$comment', 'definitions', '$defs']);
/** String formats the Gemini API accepts. */
const STRING_FORMATS = new Set(['date-time', 'enum']);

/**
 * Gemini's `Schema` (OpenAPI 3.0 subset): upper-case types, `nullable` instead of `null` types,
 * string-only enums (number enums are sent as strings and restored), `propertyOrdering` from the
 * declaration order, definitions inlined; recursive schemas are refused with `UnsupportedFeatureError`.
 * Other keywords (exclusive bounds, unsupported formats, uniqueItems...) go into the description.
 */
export const geminiDialect: SchemaDialect = {
  name: 'gemini',
  adapt(schema: JsonSchema): JsonSchema {
    return adaptNode(schema, schema, []);
  },
  restore(value: JsonValue, canonical: JsonSchema): JsonValue {
    return restoreEnums(dropOptionalNulls(value, canonical), canonical, canonical);
  },
};

function adaptNode(node: JsonSchema, root: JsonSchema, seen: readonly JsonSchema[]): JsonSchema {
  const target = resolveSchemaRef(node, root);
  if (!target || seen.includes(target)) {
    throw new UnsupportedFeatureError(`Gemini schemas cannot be recursive or hold unresolved references (${String(node.$ref)})`, { provider: 'gemini' });
  }
  const { $ref: _ref, ...siblings } = node;
  const source: JsonSchema = target === node ? node : { ...target, ...siblings };
  const path = [...seen, target];
  const adapt = (schema: JsonSchema): JsonSchema => adaptNode(schema, root, path);

  if (Array.isArray(source.anyOf)) {
    const branches = source.anyOf.filter((b): b is JsonSchema & JsonValue => isSchemaObject(b)).filter((b) => b.type !== 'null');
    const hasNull = branches.length < source.anyOf.length;
    const out: JsonSchema = branches.length === 1 ? adapt(branches[0]) : { anyOf: branches.map((b) => adapt(b) as JsonValue) };
    if (typeof source.description === 'string') out.description = source.description;
    if (hasNull) out.nullable = true;
    return out;
  }

  const out: JsonSchema = {};
  const types = typeList(source).filter((t) => t !== 'null');
  if (typeList(source).includes('null') || (Array.isArray(source.enum) && source.enum.includes(null))) out.nullable = true;
  if (types.length === 1) out.type = types[0].toUpperCase();
  else if (types.length > 1) out.anyOf = types.map((t) => ({ type: t.toUpperCase() }));
  const values = Array.isArray(source.enum) ? source.enum.filter((v) => v !== null) : source.const !== undefined ? [source.const] : undefined;
  if (values) {
    out.type = 'STRING';
    out.format = 'enum';
    out.enum = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    delete out.anyOf;
  }
  const properties = schemaMap(source.properties);
  if (properties) {
    const adapted: { [name: string]: JsonValue } = {};
    for (const [name, prop] of Object.entries(properties)) adapted[name] = adapt(prop) as JsonValue;
    out.properties = adapted;
    out.propertyOrdering = Object.keys(properties);
  }
  if (isSchemaObject(source.items)) out.items = adapt(source.items) as JsonValue;
  const handled = new Set(['type', 'enum', 'const', 'properties', 'items', 'anyOf', '$ref', 'nullable', 'propertyOrdering']);
  for (const [key, value] of Object.entries(source)) {
    if (handled.has(key) || DROPPED.has(key) || value === undefined) continue;
    if (key === 'format' && out.format !== undefined) continue;
    out[key] = value;
  }
  const format = out.format;
  const keepFormat = typeof format !== 'string' || (out.type === 'STRING' && STRING_FORMATS.has(format));
  const extra = Object.keys(out).filter((k) => !KEPT.has(k));
  return moveToDescription(out, keepFormat ? extra : [...extra, 'format']);
}

/** Turns enum values Gemini returned as strings back into the canonical numbers/booleans. */
function restoreEnums(value: JsonValue, schema: JsonSchema, root: JsonSchema): JsonValue {
  const target = resolveSchemaRef(schema, root);
  if (!target) return value;
  const candidates = Array.isArray(target.enum) ? target.enum : target.const !== undefined ? [target.const] : undefined;
  if (candidates && typeof value === 'string') {
    const match = candidates.find((c) => typeof c !== 'string' && c !== null && JSON.stringify(c) === value);
    return match === undefined ? value : match;
  }
  if (Array.isArray(target.anyOf)) {
    const branches = target.anyOf.filter((b) => isSchemaObject(b) && b.type !== 'null');
    return branches.length === 1 && isSchemaObject(branches[0]) ? restoreEnums(value, branches[0], root) : value;
  }
  if (Array.isArray(value)) return isSchemaObject(target.items) ? value.map((v) => restoreEnums(v, target.items as JsonSchema, root)) : value;
  const properties = schemaMap(target.properties);
  if (!properties || value === null || typeof value !== 'object') return value;
  const out: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) out[key] = properties[key] ? restoreEnums(item, properties[key], root) : item;
  return out;
}
