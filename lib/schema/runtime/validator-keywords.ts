import type { JsonSchema, JsonValue } from '../../core/json.types';
import { classValidator } from './validation-libraries';

/** JSON Schema keywords implied by one validator. */
type Keywords = { [keyword: string]: JsonValue | undefined };

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const jsonList = (value: unknown): JsonValue[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v)) : undefined;

type Rules = { readonly [validator: string]: (constraints: readonly unknown[]) => Keywords };
let rulesTable: Rules | undefined;

/** What each supported class-validator rule says about the schema (by class-validator's own name constants). */
function buildRules(): Rules {
  const {
    ARRAY_MAX_SIZE, ARRAY_MIN_SIZE, ARRAY_NOT_EMPTY, ARRAY_UNIQUE, EQUALS, IS_ARRAY, IS_BOOLEAN, IS_DATE, IS_DATE_STRING,
    IS_EMAIL, IS_ENUM, IS_IN, IS_INT, IS_ISO8601, IS_LENGTH, IS_NEGATIVE, IS_NOT_EMPTY, IS_NUMBER, IS_POSITIVE, IS_STRING,
    IS_URL, IS_UUID, MATCHES, MAX, MAX_LENGTH, MIN, MIN_LENGTH,
  } = classValidator();
  return {
    [IS_STRING]: () => ({ type: 'string' }),
    [IS_INT]: () => ({ type: 'integer' }),
    [IS_NUMBER]: () => ({ type: 'number' }),
    [IS_BOOLEAN]: () => ({ type: 'boolean' }),
    [IS_ARRAY]: () => ({ type: 'array' }),
    [IS_DATE]: () => ({ type: 'string', format: 'date-time' }),
    [MIN]: ([n]) => ({ minimum: num(n) }),
    [MAX]: ([n]) => ({ maximum: num(n) }),
    [IS_POSITIVE]: () => ({ exclusiveMinimum: 0 }),
    [IS_NEGATIVE]: () => ({ exclusiveMaximum: 0 }),
    [IS_LENGTH]: ([min, max]) => ({ type: 'string', minLength: num(min), maxLength: num(max) }),
    [MIN_LENGTH]: ([n]) => ({ type: 'string', minLength: num(n) }),
    [MAX_LENGTH]: ([n]) => ({ type: 'string', maxLength: num(n) }),
    [IS_NOT_EMPTY]: () => ({ minLength: 1 }),
    [MATCHES]: ([pattern]) => ({ type: 'string', pattern: pattern instanceof RegExp ? pattern.source : typeof pattern === 'string' ? pattern : undefined }),
    [IS_EMAIL]: () => ({ type: 'string', format: 'email' }),
    [IS_URL]: () => ({ type: 'string', format: 'uri' }),
    [IS_UUID]: () => ({ type: 'string', format: 'uuid' }),
    [IS_DATE_STRING]: () => ({ type: 'string', format: 'date-time' }),
    [IS_ISO8601]: () => ({ type: 'string', format: 'date-time' }),
    [IS_ENUM]: ([, values]) => enumKeywords(jsonList(values)),
    [IS_IN]: ([values]) => enumKeywords(jsonList(values)),
    [EQUALS]: ([value]) => (['string', 'number', 'boolean'].includes(typeof value) ? { const: value as JsonValue } : {}),
    [ARRAY_MIN_SIZE]: ([n]) => ({ type: 'array', minItems: num(n) }),
    [ARRAY_MAX_SIZE]: ([n]) => ({ type: 'array', maxItems: num(n) }),
    [ARRAY_NOT_EMPTY]: () => ({ type: 'array', minItems: 1 }),
    [ARRAY_UNIQUE]: () => ({ type: 'array', uniqueItems: true }),
  };
}

/** The rules table, built on first use (class-validator loads then). */
function rules(): Rules {
  return (rulesTable ??= buildRules());
}

/** Keywords that only make sense for one JSON type. */
const KEYWORD_TYPE: { readonly [keyword: string]: string } = {
  minimum: 'number', maximum: 'number', exclusiveMinimum: 'number', exclusiveMaximum: 'number',
  minLength: 'string', maxLength: 'string', pattern: 'string', format: 'string',
  minItems: 'array', maxItems: 'array', uniqueItems: 'array',
};

/** `enum` plus the JSON type of its values (`string`, `number`, or none when mixed). */
export function enumKeywords(values: JsonValue[] | undefined): Keywords {
  if (!values || values.length === 0) return {};
  const types = new Set(values.map((v) => typeof v));
  const type = types.size === 1 ? [...types][0] : undefined;
  return { type: type === 'string' || type === 'number' || type === 'boolean' ? type : undefined, enum: values };
}

/** Whether chat-ts knows what this validator means for the schema. */
export function isKnownValidator(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(rules(), name);
}

/** The keywords a validator implies (empty for validators with no schema meaning). */
export function keywordsOf(name: string, constraints: readonly unknown[]): Keywords {
  const rule = rules()[name];
  return rule ? rule(constraints) : {};
}

/** The JSON types a schema allows (`number` covers `integer`), or undefined when it does not say. */
export function typesOf(schema: JsonSchema): Set<string> | undefined {
  const type = schema.type;
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : undefined;
  if (!list) return undefined;
  return new Set(list.flatMap((t) => (t === 'integer' ? ['integer', 'number'] : [t])));
}

/**
 * Merges the keywords a validator implies into a schema. Inferred never overrides explicit: a
 * keyword already present is kept; the one refinement is `number` → `integer` (`@IsInt()`).
 * Keywords of another JSON type than the schema's are skipped.
 */
export function mergeKeywords(schema: JsonSchema, keywords: Keywords): void {
  const types = typesOf(schema);
  for (const [keyword, value] of Object.entries(keywords)) {
    if (value === undefined) continue;
    if (keyword === 'type') {
      if (types === undefined) {
        if (schema.$ref === undefined && schema.anyOf === undefined && schema.const === undefined) schema.type = value;
      } else if (value === 'integer') {
        schema.type = refineToInteger(schema.type);
      }
      continue;
    }
    if (schema[keyword] !== undefined) continue;
    const needs = KEYWORD_TYPE[keyword];
    if (needs && types && !types.has(needs) && !(needs === 'number' && types.has('integer'))) continue;
    if (keyword === 'minLength' && types === undefined && keywords.type === undefined) continue;
    schema[keyword] = value;
  }
}

function refineToInteger(type: JsonValue | undefined): JsonValue | undefined {
  if (type === 'number') return 'integer';
  if (Array.isArray(type)) return type.map((t) => (t === 'number' ? 'integer' : t));
  return type;
}
