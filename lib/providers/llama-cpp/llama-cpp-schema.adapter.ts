import type { JsonSchema, JsonValue } from '../../core/json.types';

/** The JSON Schema subset node-llama-cpp turns into a grammar (`GbnfJsonSchema`), kept loose here. */
export type GrammarSchema = { [key: string]: JsonValue };

const BASIC_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);
const GRAMMAR_FORMATS = new Set(['date-time', 'date', 'time']);
const ANY_JSON: GrammarSchema = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'object', additionalProperties: true },
    { type: 'array' },
  ],
};

type Node = { [key: string]: JsonValue | undefined };

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withDescription(schema: GrammarSchema, node: Node): GrammarSchema {
  return typeof node.description === 'string' ? { ...schema, description: node.description } : schema;
}

function adaptRef(ref: string): GrammarSchema {
  const match = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(ref);
  return match ? { $ref: `#/$defs/${match[1]}` } : ANY_JSON;
}

function mergeAllOf(parts: JsonValue[]): Node {
  const merged: Node = {};
  for (const part of parts) {
    if (!isObject(part)) continue;
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isObject(merged.properties) && isObject(value)) merged.properties = { ...merged.properties, ...value };
      else if (key === 'required' && Array.isArray(merged.required) && Array.isArray(value)) merged.required = [...merged.required, ...value];
      else merged[key] = value;
    }
  }
  return merged;
}

function adaptObject(node: Node): GrammarSchema {
  const properties = isObject(node.properties) ? node.properties : undefined;
  const out: GrammarSchema = { type: 'object' };
  if (properties) out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, adaptNode(v)]));
  const extra = node.additionalProperties;
  if (isObject(extra)) out.additionalProperties = adaptNode(extra);
  else if (extra === true || (extra === undefined && !properties)) out.additionalProperties = true;
  if (Array.isArray(node.required)) out.required = node.required;
  if (typeof node.minProperties === 'number') out.minProperties = node.minProperties;
  if (typeof node.maxProperties === 'number') out.maxProperties = node.maxProperties;
  return out;
}

function adaptArray(node: Node): GrammarSchema {
  const out: GrammarSchema = { type: 'array' };
  if (Array.isArray(node.items)) {
    out.prefixItems = node.items.map((item) => adaptNode(item));
    if (isObject(node.additionalItems)) out.items = adaptNode(node.additionalItems);
  } else if (isObject(node.items)) out.items = adaptNode(node.items);
  if (Array.isArray(node.prefixItems)) out.prefixItems = node.prefixItems.map((item) => adaptNode(item));
  if (typeof node.minItems === 'number') out.minItems = node.minItems;
  if (typeof node.maxItems === 'number') out.maxItems = node.maxItems;
  return out;
}

function adaptString(node: Node): GrammarSchema {
  if (typeof node.format === 'string' && GRAMMAR_FORMATS.has(node.format)) return { type: 'string', format: node.format };
  const out: GrammarSchema = { type: 'string' };
  if (typeof node.minLength === 'number') out.minLength = node.minLength;
  if (typeof node.maxLength === 'number') out.maxLength = node.maxLength;
  return out;
}

function adaptTyped(node: Node, type: string): GrammarSchema {
  if (type === 'object') return adaptObject(node);
  if (type === 'array') return adaptArray(node);
  if (type === 'string') return adaptString(node);
  return BASIC_TYPES.has(type) ? { type } : ANY_JSON;
}

function adaptNode(value: Node | JsonValue | undefined): GrammarSchema {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return ANY_JSON;
  let node: Node = value;
  if (Array.isArray(node.allOf)) {
    const { allOf, ...rest } = node;
    node = mergeAllOf([...(allOf as JsonValue[]), rest as { [key: string]: JsonValue }]);
  }
  let schema: GrammarSchema;
  if (typeof node.$ref === 'string') schema = adaptRef(node.$ref);
  else if (node.const !== undefined) schema = { const: node.const };
  else if (Array.isArray(node.enum)) schema = { enum: node.enum };
  else if (Array.isArray(node.anyOf) || Array.isArray(node.oneOf)) {
    schema = { oneOf: ((node.anyOf ?? node.oneOf) as JsonValue[]).map((alt) => adaptNode(alt)) };
  } else if (Array.isArray(node.type)) {
    const types = node.type.filter((t): t is string => typeof t === 'string');
    if (types.length === 1) schema = adaptTyped(node, types[0]);
    else if (types.length > 0 && types.every((t) => BASIC_TYPES.has(t))) schema = { type: types };
    else schema = { oneOf: types.map((t) => adaptTyped(node, t)) };
  } else if (typeof node.type === 'string') schema = adaptTyped(node, node.type);
  else if (isObject(node.properties)) schema = adaptObject(node);
  else schema = ANY_JSON;
  return withDescription(schema, node);
}

/**
 * Turns a canonical JSON Schema (draft-07) into the subset node-llama-cpp compiles into a grammar:
 * `definitions` become `$defs`, `anyOf` becomes `oneOf`, `allOf` is merged, tuples become
 * `prefixItems`, and keywords a grammar cannot enforce (`pattern`, `minimum`, ...) are dropped;
 * the engine's validation still checks them. Untyped nodes accept any JSON value.
 */
export function toGrammarSchema(schema: JsonSchema): GrammarSchema {
  const root = schema as Node;
  const adapted = adaptNode(root);
  const definitions = { ...(isObject(root.definitions) ? root.definitions : {}), ...(isObject(root.$defs) ? root.$defs : {}) };
  const names = Object.keys(definitions);
  if (names.length === 0) return adapted;
  return { ...adapted, $defs: Object.fromEntries(names.map((name) => [name, adaptNode(definitions[name])])) };
}
