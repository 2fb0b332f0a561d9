import type { JsonSchema, JsonValue } from '../core/json.types';

/** One reason a value does not match a schema. `path` is dotted (`route.stops[1].x`), empty at the root. */
export interface SchemaViolation {
  readonly path: string;
  readonly message: string;
}

type SchemaNode = { readonly [key: string]: JsonValue | undefined };

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asSchema(value: JsonValue | undefined): SchemaNode | undefined {
  return isObject(value) ? (value as SchemaNode) : undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    default:
      return typeOf(value) === type;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function checkObject(schema: SchemaNode, value: { [key: string]: unknown }, path: string, out: SchemaViolation[]): void {
  const properties = asSchema(schema.properties) ?? {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const name of required) {
    if (typeof name === 'string' && !(name in value)) out.push({ path: join(path, name), message: 'is required' });
  }
  for (const [key, item] of Object.entries(value)) {
    const propertySchema = asSchema(properties[key]);
    if (propertySchema) {
      check(propertySchema, item, join(path, key), out);
    } else if (schema.additionalProperties === false) {
      out.push({ path: join(path, key), message: 'is not an allowed property' });
    } else {
      const additional = asSchema(schema.additionalProperties);
      if (additional) check(additional, item, join(path, key), out);
    }
  }
}

function checkArray(schema: SchemaNode, value: unknown[], path: string, out: SchemaViolation[]): void {
  const items = asSchema(schema.items);
  if (items) value.forEach((item, index) => check(items, item, join(path, index), out));
  if (schema.uniqueItems === true && value.some((item, i) => value.findIndex((other) => deepEqual(other, item)) !== i)) {
    out.push({ path, message: 'must not contain duplicate items' });
  }
}

function check(schema: SchemaNode, value: unknown, path: string, out: SchemaViolation[]): void {
  const anyOf = Array.isArray(schema.anyOf) ? schema.anyOf.map(asSchema).filter((s): s is SchemaNode => !!s) : undefined;
  if (anyOf && !anyOf.some((option) => validateJsonSchema(option, value).length === 0)) {
    out.push({ path, message: 'does not match any of the allowed shapes' });
    return;
  }
  const type = schema.type;
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
  if (types.length > 0 && !types.some((t) => matchesType(value, t))) {
    out.push({ path, message: `must be ${types.join(' or ')}, got ${typeOf(value)}` });
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => deepEqual(allowed, value))) {
    out.push({ path, message: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}` });
    return;
  }
  if ('const' in schema && !deepEqual(schema.const, value)) {
    out.push({ path, message: `must be ${JSON.stringify(schema.const)}` });
    return;
  }
  if (isObject(value)) checkObject(schema, value, path, out);
  if (Array.isArray(value)) checkArray(schema, value, path, out);
}

/**
 * Checks a value against the JSON Schema subset Python tools emit: `type` (string or array), `enum`,
 * `const`, `anyOf`, `properties`, `required`, `additionalProperties` (false or a schema), `items`,
 * `uniqueItems`. Other keywords (`description`, `default`, ...) are ignored.
 *
 * @example
 * validateJsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, {});
 * // [{ path: 'city', message: 'is required' }]
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  check(schema, value, '', out);
  return out;
}
