import type { JsonSchema, JsonValue } from '../../core/json.types';

/** A schema adapted to the strict JSON Schema dialect of the Responses API. */
export interface StrictSchema {
  readonly schema: JsonSchema;
  /** False when the schema uses constructs strict mode cannot express; it is then sent as is. */
  readonly strict: boolean;
}

type Schema = { [key: string]: JsonValue | undefined };

const DROPPED = new Set(['$schema', '$id', 'default', 'examples']);
const NOT_STRICT = new Set(['allOf', 'not', 'if', 'then', 'else', 'patternProperties', 'dependencies', 'dependentSchemas', 'propertyNames', 'unevaluatedProperties']);

class NotStrict extends Error {}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullable(schema: Schema): Schema {
  const type = schema.type;
  if (typeof type === 'string') {
    const out: Schema = { ...schema, type: type === 'null' ? 'null' : [type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
    return out;
  }
  if (Array.isArray(type)) return type.includes('null') ? schema : { ...schema, type: [...type, 'null'] };
  if (Array.isArray(schema.anyOf)) {
    const hasNull = schema.anyOf.some((s) => isSchema(s) && s.type === 'null');
    return hasNull ? schema : { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  }
  return { anyOf: [schema as JsonValue, { type: 'null' }] };
}

function convert(node: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined || DROPPED.has(key)) continue;
    if (NOT_STRICT.has(key)) throw new NotStrict(key);
    out[key] = value;
  }
  if (Array.isArray(node.oneOf)) {
    delete out.oneOf;
    out.anyOf = node.oneOf.map((s) => (isSchema(s) ? convert(s) : s)) as JsonValue;
  }
  if (Array.isArray(node.anyOf)) out.anyOf = node.anyOf.map((s) => (isSchema(s) ? convert(s) : s)) as JsonValue;
  for (const defs of ['definitions', '$defs'] as const) {
    const d = node[defs];
    if (isSchema(d)) out[defs] = Object.fromEntries(Object.entries(d).map(([k, s]) => [k, isSchema(s) ? convert(s) : s])) as JsonValue;
  }
  if (node.items !== undefined) {
    if (!isSchema(node.items)) throw new NotStrict('tuple items');
    out.items = convert(node.items) as JsonValue;
  }
  const isObject = node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object')) || isSchema(node.properties);
  if (isObject) {
    if (isSchema(node.additionalProperties) || node.additionalProperties === true) throw new NotStrict('additionalProperties');
    const props = isSchema(node.properties) ? node.properties : {};
    if (Object.keys(props).length === 0 && !isSchema(node.properties)) throw new NotStrict('free-form object');
    const required = new Set(Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : []);
    const properties: Schema = {};
    for (const [name, prop] of Object.entries(props)) {
      if (!isSchema(prop)) throw new NotStrict(`property ${name}`);
      const converted = convert(prop);
      properties[name] = (required.has(name) ? converted : nullable(converted)) as JsonValue;
    }
    out.properties = properties as JsonValue;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Adapts a canonical JSON Schema (draft-07) to the strict dialect: every property required,
 * optional ones made nullable, `additionalProperties: false`, `oneOf` as `anyOf`, no `default`.
 * Schemas strict mode cannot express (free-form objects, `allOf`, tuples, a non-object root)
 * come back with `strict: false`, unchanged but for `$schema`.
 *
 * @example
 * toStrictSchema({ type: 'object', properties: { a: { type: 'string' } } });
 * // { strict: true, schema: { type: 'object', properties: { a: { type: ['string', 'null'] } }, required: ['a'], additionalProperties: false } }
 */
export function toStrictSchema(schema: JsonSchema): StrictSchema {
  const { $schema: _ignored, ...rest } = schema;
  if (rest.type !== 'object') return { schema: rest, strict: false };
  try {
    return { schema: convert(rest), strict: true };
  } catch (error) {
    if (error instanceof NotStrict) return { schema: rest, strict: false };
    throw error;
  }
}

function resolve(node: Schema, root: Schema): Schema {
  let current = node;
  for (let depth = 0; depth < 32 && typeof current.$ref === 'string'; depth++) {
    const match = /^#\/(definitions|\$defs)\/(.+)$/.exec(current.$ref);
    const defs = match ? root[match[1]] : undefined;
    const target = match && isSchema(defs) ? defs[decodeURIComponent(match[2])] : undefined;
    if (!isSchema(target)) return current;
    current = target;
  }
  return current;
}

function allowsNull(node: Schema, root: Schema): boolean {
  const s = resolve(node, root);
  if (s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null'))) return true;
  if (Array.isArray(s.enum) && s.enum.includes(null)) return true;
  const branches = [s.anyOf, s.oneOf].filter(Array.isArray).flat();
  return branches.some((b) => isSchema(b) && allowsNull(b, root));
}

function restoreNode(value: JsonValue, node: Schema, root: Schema): JsonValue {
  const s = resolve(node, root);
  if (Array.isArray(value)) {
    return isSchema(s.items) ? value.map((v) => restoreNode(v, s.items as Schema, root)) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const branches = [s.anyOf, s.oneOf].filter(Array.isArray).flat().filter(isSchema);
  if (!isSchema(s.properties) && branches.length > 0) {
    const keys = Object.keys(value);
    const branch = branches
      .map((b) => resolve(b, root))
      .find((b) => isSchema(b.properties) && keys.every((k) => k in (b.properties as Schema)));
    return branch ? restoreNode(value, branch, root) : value;
  }
  if (!isSchema(s.properties)) return value;
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  const out: { [key: string]: JsonValue } = {};
  for (const [key, v] of Object.entries(value)) {
    const prop = s.properties[key];
    if (!isSchema(prop)) {
      out[key] = v;
      continue;
    }
    if (v === null && !required.has(key) && !allowsNull(prop, root)) continue;
    out[key] = restoreNode(v, prop, root);
  }
  return out;
}

/**
 * Undoes the strict adaptation on a value the model produced: `null` for a property that was
 * optional (and not nullable) in the canonical schema is removed, at any depth.
 */
export function restoreFromStrict(value: JsonValue, canonical: JsonSchema): JsonValue {
  return restoreNode(value, canonical, canonical);
}
