import type { JsonSchema, JsonValue } from '../core/json.types';
import { allowsNull, isSchemaObject, schemaMap } from './json-schema.helpers';

/**
 * Removes `null` values of optional properties that do not accept `null` in the canonical schema,
 * recursing into nested objects and arrays. This undoes OpenAI strict mode's "optional → nullable"
 * and is always safe: such a `null` could never validate. Returns a new value.
 *
 * @example
 * dropOptionalNulls({ city: 'Oslo', country: null }, schema); // { city: 'Oslo' }
 */
export function dropOptionalNulls(value: JsonValue, schema: JsonSchema, root: JsonSchema = schema): JsonValue {
  const resolved = resolveSchemaRef(schema, root);
  if (!resolved) return value;
  if (Array.isArray(value)) {
    const items = resolved.items;
    return isSchemaObject(items) ? value.map((item) => dropOptionalNulls(item, items, root)) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const objectSchema = objectBranch(resolved, root);
  const properties = objectSchema && schemaMap(objectSchema.properties);
  if (!objectSchema || !properties) return value;
  const required = new Set(Array.isArray(objectSchema.required) ? objectSchema.required : []);
  const out: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    const propSchema = properties[key] ? resolveSchemaRef(properties[key], root) : undefined;
    if (item === null && propSchema && !required.has(key) && !allowsNull(propSchema)) continue;
    out[key] = propSchema ? dropOptionalNulls(item, propSchema, root) : item;
  }
  return out;
}

/** Follows `$ref` (`#` and `#/definitions/...`) inside the root schema. */
export function resolveSchemaRef(schema: JsonSchema, root: JsonSchema): JsonSchema | undefined {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  if (ref === '#') return root;
  const match = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(ref);
  const defs = schemaMap(root.definitions) ?? schemaMap(root.$defs);
  return match && defs ? defs[match[1]] : undefined;
}

/** The object alternative of a schema: itself, or its single object branch of `anyOf`. */
function objectBranch(schema: JsonSchema, root: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  if (!Array.isArray(schema.anyOf)) return undefined;
  const objects = schema.anyOf.map((s) => (isSchemaObject(s) ? resolveSchemaRef(s, root) : undefined)).filter((s) => s?.properties);
  return objects.length === 1 ? objects[0] : undefined;
}
