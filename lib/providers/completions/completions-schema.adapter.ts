import type { JsonSchema } from '../../core/json.types';

type Node = { [key: string]: unknown };

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullable(schema: Node): Node {
  const type = schema.type;
  if (typeof type === 'string') return type === 'null' ? schema : { ...schema, type: [type, 'null'] };
  if (Array.isArray(type)) return type.includes('null') ? schema : { ...schema, type: [...type, 'null'] };
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  return { anyOf: [schema, { type: 'null' }] };
}

function strictNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictNode);
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === 'properties' && isNode(value)) {
      const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
      const props: Node = {};
      for (const [name, prop] of Object.entries(value)) {
        const adapted = strictNode(prop);
        props[name] = required.has(name) || !isNode(adapted) ? adapted : nullable(adapted);
      }
      out.properties = props;
      out.required = Object.keys(value);
      out.additionalProperties = false;
    } else if (key === 'required' || (key === 'additionalProperties' && isNode(node.properties))) {
      continue;
    } else if (['items', 'anyOf', 'oneOf', 'allOf', 'definitions', '$defs', 'not', 'prefixItems'].includes(key)) {
      out[key] = key === 'definitions' || key === '$defs' ? mapValues(value) : strictNode(value);
    } else {
      out[key] = value;
    }
  }
  if (out.type === 'object' && out.properties === undefined) {
    out.properties = {};
    out.required = [];
    out.additionalProperties = false;
  }
  return out;
}

function mapValues(value: unknown): unknown {
  if (!isNode(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strictNode(v)]));
}

/**
 * Adapts a canonical (draft-07) schema to OpenAI strict mode: every object closed
 * (`additionalProperties: false`) with all properties required, optional ones made nullable.
 *
 * @example
 * toStrictSchema({ type: 'object', properties: { city: { type: 'string' } } })
 * // { type: 'object', properties: { city: { type: ['string', 'null'] } }, required: ['city'], additionalProperties: false }
 */
export function toStrictSchema(schema: JsonSchema): { [key: string]: unknown } {
  return strictNode(schema) as { [key: string]: unknown };
}

/** The schema as most Chat Completions servers take it: the canonical one without `$schema`. */
export function toPlainSchema(schema: JsonSchema): { [key: string]: unknown } {
  const rest: { [key: string]: unknown } = { ...schema };
  delete rest.$schema;
  return rest;
}
