import type { JsonSchema, JsonValue } from '../../core/json.types';
import { allowsNull, mapSubschemas, schemaMap } from '../json-schema.helpers';
import { dropOptionalNulls } from '../optional-nulls';
import { moveToDescription } from './description-notes';
import type { SchemaDialect } from './schema-dialect.types';

/** Keywords OpenAI strict mode accepts (Structured Outputs "supported schemas"). */
const SUPPORTED = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'description',
  '$ref', '$defs', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minItems', 'maxItems',
]);
/** String formats strict mode accepts. */
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);
/** Keywords dropped without a note (metadata with no meaning for the model). */
const DROPPED = new Set(['title', '$schema', '$id', '$comment']);

/**
 * OpenAI strict mode (`strict: true` tools and `json_schema` response formats): every property
 * required, optional ones made nullable, `additionalProperties: false` on every object,
 * `definitions` → `$defs`, `oneOf` → `anyOf`, unsupported keywords (minLength, maxLength, other
 * formats, default...) moved into the description. `restore` turns those `null`s back into absent fields.
 */
export const openAiStrictDialect: SchemaDialect = {
  name: 'openai-strict',
  adapt(schema: JsonSchema): JsonSchema {
    const { definitions, $defs, ...root } = schema;
    const out = adaptNode(root);
    const defs = { ...(schemaMap(definitions) ?? {}), ...(schemaMap($defs) ?? {}) };
    if (Object.keys(defs).length > 0) {
      const adapted: { [name: string]: JsonValue } = {};
      for (const [name, def] of Object.entries(defs)) adapted[name] = adaptNode(def) as JsonValue;
      out.$defs = adapted;
    }
    return out;
  },
  restore(value: JsonValue, canonical: JsonSchema): JsonValue {
    return dropOptionalNulls(value, canonical);
  },
};

function adaptNode(node: JsonSchema): JsonSchema {
  let out = mapSubschemas(node, (sub) => adaptNode(sub));
  if (typeof out.$ref === 'string') out.$ref = out.$ref.replace(/^#\/definitions\//, '#/$defs/');
  if (Array.isArray(out.oneOf)) {
    out.anyOf = [...(Array.isArray(out.anyOf) ? out.anyOf : []), ...out.oneOf];
    delete out.oneOf;
  }
  const properties = schemaMap(out.properties);
  if (properties) {
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    const strictProps: { [name: string]: JsonValue } = {};
    for (const [name, prop] of Object.entries(properties)) strictProps[name] = (required.has(name) ? prop : nullable(prop)) as JsonValue;
    out.properties = strictProps;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  if (typeof out.format === 'string' && FORMATS.has(out.format)) {
    out = moveToDescription(out, unsupported(out));
  } else {
    out = moveToDescription(out, [...unsupported(out), 'format']);
  }
  for (const key of DROPPED) delete out[key];
  return out;
}

function unsupported(schema: JsonSchema): string[] {
  return Object.keys(schema).filter((key) => !SUPPORTED.has(key) && !DROPPED.has(key));
}

/** The same schema, also accepting `null`. */
function nullable(schema: JsonSchema): JsonSchema {
  if (allowsNull(schema)) return schema;
  if (typeof schema.type === 'string' && schema.$ref === undefined && schema.anyOf === undefined) {
    const out: JsonSchema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
    return out;
  }
  if (Array.isArray(schema.type)) return { ...schema, type: [...schema.type, 'null'] };
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  const { description, ...rest } = schema;
  const out: JsonSchema = { anyOf: [rest as JsonValue, { type: 'null' }] };
  if (description !== undefined) out.description = description;
  return out;
}
