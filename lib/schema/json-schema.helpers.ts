import type { JsonSchema, JsonValue } from '../core/json.types';

/** A schema object (not `true`/`false`, not an array). */
export function isSchemaObject(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A `{ name: schema }` map (properties, definitions), or undefined. */
export function schemaMap(value: JsonValue | undefined): { [name: string]: JsonSchema } | undefined {
  return isSchemaObject(value) ? (value as { [name: string]: JsonSchema }) : undefined;
}

/** Keywords whose value is one subschema. */
const SINGLE = ['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'] as const;
/** Keywords whose value is a list of subschemas. */
const LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
/** Keywords whose value is a map of subschemas. */
const MAP = ['properties', 'patternProperties', 'definitions', '$defs'] as const;

/**
 * A copy of `schema` whose direct subschemas (properties, items, anyOf...) went through `map`.
 * Values of data keywords (`enum`, `const`, `default`, `required`...) are kept as they are.
 */
export function mapSubschemas(schema: JsonSchema, map: (sub: JsonSchema, keyword: string) => JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  for (const key of SINGLE) {
    const value = schema[key];
    if (isSchemaObject(value)) out[key] = map(value, key) as JsonValue;
    else if (key === 'items' && Array.isArray(value)) out[key] = value.map((v) => (isSchemaObject(v) ? (map(v, key) as JsonValue) : v));
  }
  for (const key of LIST) {
    const value = schema[key];
    if (Array.isArray(value)) out[key] = value.map((v) => (isSchemaObject(v) ? (map(v, key) as JsonValue) : v));
  }
  for (const key of MAP) {
    const value = schemaMap(schema[key]);
    if (!value) continue;
    const mapped: { [name: string]: JsonValue } = {};
    for (const [name, sub] of Object.entries(value)) mapped[name] = (isSchemaObject(sub) ? map(sub, key) : sub) as JsonValue;
    out[key] = mapped;
  }
  return out;
}

/** Drops keys whose value is `undefined` (they vanish in JSON anyway). */
export function withoutUndefined(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) if (value !== undefined) out[key] = value;
  return out;
}

/** The JSON types a schema names, as a list (empty when it names none). */
export function typeList(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** Whether a schema accepts `null` (type, enum or an `anyOf` alternative). */
export function allowsNull(schema: JsonSchema): boolean {
  if (typeList(schema).includes('null')) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((s) => isSchemaObject(s) && allowsNull(s));
  return false;
}
