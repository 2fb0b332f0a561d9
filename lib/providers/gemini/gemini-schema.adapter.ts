import type { JsonObject, JsonSchema, JsonValue } from '../../core/json.types';

/**
 * Which schema fields a request uses:
 * - `json-schema`: `responseJsonSchema` / `parametersJsonSchema` (JSON Schema, Gemini 2.5 and later).
 * - `openapi`: `responseSchema` / `parameters`, Gemini's OpenAPI 3.0 subset (every model).
 */
export type GeminiSchemaDialect = 'json-schema' | 'openapi';

const MAX_REF_DEPTH = 8;
const TYPE_NAMES: Record<string, string> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
};
const COPIED = ['description', 'title', 'format', 'minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'default', 'example'];

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
 * Canonical JSON Schema (draft-07) → Gemini's OpenAPI subset (`responseSchema`, `parameters`):
 * upper-case types, `nullable` instead of `null` types, `$ref`s inlined, `const` as a one-value
 * enum, `oneOf` as `anyOf`, `propertyOrdering` from the declared order, unsupported keywords dropped.
 *
 * @example
 * toGeminiOpenApiSchema({ type: 'object', properties: { a: { type: ['string', 'null'] } } });
 * // { type: 'OBJECT', properties: { a: { type: 'STRING', nullable: true } }, propertyOrdering: ['a'] }
 */
export function toGeminiOpenApiSchema(schema: JsonSchema): JsonObject {
  const root = clean(schema);
  const definitions: JsonObject = { ...(isObject(root.definitions) ? root.definitions : {}), ...(isObject(root.$defs) ? root.$defs : {}) };

  const resolve = (ref: string): JsonValue | undefined => {
    const match = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(ref);
    return match ? definitions[decodeURIComponent(match[1])] : undefined;
  };

  const convert = (node: JsonValue | undefined, depth: number): JsonObject => {
    if (!isObject(node)) return {};
    if (typeof node.$ref === 'string') {
      const target = resolve(node.$ref);
      if (target === undefined || depth >= MAX_REF_DEPTH) {
        return { type: 'OBJECT', description: `Recursive or unresolved reference ${node.$ref}` };
      }
      const { $ref: _ref, ...rest } = node;
      return convert({ ...(target as JsonObject), ...rest }, depth + 1);
    }
    const out: JsonObject = {};
    for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];

    const unions = (Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined) as JsonValue[] | undefined;
    if (unions) {
      const nonNull = unions.filter((u) => !(isObject(u) && u.type === 'null'));
      if (nonNull.length < unions.length) out.nullable = true;
      if (nonNull.length === 1) return { ...convert(nonNull[0], depth), ...out };
      out.anyOf = nonNull.map((u) => convert(u, depth));
      return out;
    }
    if (Array.isArray(node.allOf) && node.allOf.length > 0) {
      const merged = node.allOf.reduce<JsonObject>((acc, part) => ({ ...acc, ...(isObject(part) ? part : {}) }), {});
      const { allOf: _allOf, ...rest } = node;
      return convert({ ...merged, ...rest }, depth);
    }

    let types = Array.isArray(node.type) ? node.type.filter((t): t is string => typeof t === 'string') : typeof node.type === 'string' ? [node.type] : [];
    if (types.includes('null')) {
      out.nullable = true;
      types = types.filter((t) => t !== 'null');
    }
    if (types.length > 1) {
      out.anyOf = types.map((t) => convert({ ...node, type: t }, depth));
      return out;
    }
    let type = types[0];
    if (node.const !== undefined) {
      type ??= typeof node.const === 'number' ? 'number' : typeof node.const === 'boolean' ? 'boolean' : 'string';
      if (typeof node.const === 'string') out.enum = [node.const];
    }
    if (Array.isArray(node.enum)) {
      const strings = node.enum.filter((e): e is string => typeof e === 'string');
      if (strings.length === node.enum.length) {
        type ??= 'string';
        out.enum = strings;
      } else {
        const allowed = `Allowed values: ${node.enum.map((e) => JSON.stringify(e)).join(', ')}.`;
        out.description = typeof out.description === 'string' ? `${out.description} ${allowed}` : allowed;
      }
    }
    if (type === undefined && isObject(node.properties)) type = 'object';
    if (type === undefined && node.items !== undefined) type = 'array';
    if (type !== undefined && TYPE_NAMES[type]) out.type = TYPE_NAMES[type];

    if (isObject(node.properties)) {
      const properties: JsonObject = {};
      for (const [name, child] of Object.entries(node.properties)) properties[name] = convert(child, depth);
      out.properties = properties;
      out.propertyOrdering = Object.keys(properties);
      if (Array.isArray(node.required)) out.required = node.required.filter((r) => typeof r === 'string');
    }
    if (node.items !== undefined) {
      out.items = convert(Array.isArray(node.items) ? node.items[0] : node.items, depth);
    }
    return out;
  };

  return convert(root, 0);
}

/** Adapts a canonical schema to the chosen dialect. */
export function adaptSchema(schema: JsonSchema, dialect: GeminiSchemaDialect): JsonObject {
  return dialect === 'openapi' ? toGeminiOpenApiSchema(schema) : toGeminiJsonSchema(schema);
}
