import 'reflect-metadata';
import type { JsonValue } from '../../core/json.types';
import { DESIGN_TYPE } from '../../decorators/constants';
import type { FieldRecord } from '../../decorators/chat-metadata.storage';
import type { EnumObject, FieldType, ObjectClass } from '../../decorators/field.decorator';
import { findTransformType } from '../../decorators/transformer-metadata';
import { classTransformer } from './validation-libraries';
import { enumKeywords } from './validator-keywords';
import { VALIDATE_NESTED, type ValidatorRule } from './validator-metadata.reader';

/** The type of a property as far as run-time reflection, hints and validators tell. */
export type ResolvedType =
  | { readonly kind: 'scalar'; readonly type: 'string' | 'number' | 'integer' | 'boolean'; readonly format?: string }
  | { readonly kind: 'object'; readonly cls: ObjectClass }
  | { readonly kind: 'enum'; readonly values: readonly JsonValue[] }
  | { readonly kind: 'array'; readonly items: ResolvedType }
  | { readonly kind: 'unknown'; readonly problem: string; readonly hint: string };

const SCALARS = new Map<unknown, ResolvedType>([
  [String, { kind: 'scalar', type: 'string' }],
  [Number, { kind: 'scalar', type: 'number' }],
  [Boolean, { kind: 'scalar', type: 'boolean' }],
  [Date, { kind: 'scalar', type: 'string', format: 'date-time' }],
]);
const UNSUPPORTED = new Set<unknown>([Map, Set, Promise, Function, Symbol, BigInt, Buffer, WeakMap, WeakSet]);

/** Validators whose value is a string. */
const STRING_RULES = new Set(['isString', 'isEmail', 'isUrl', 'isUuid', 'isDateString', 'isIso8601', 'matches', 'isLength', 'minLength', 'maxLength']);

/**
 * Resolves a property's type, in order: `@Field()` hint, class-transformer `@Type()`, `design:type`,
 * then what the validators imply. A class found through `design:type` alone is also registered with
 * class-transformer (as `@Type` would), so that `plainToInstance` builds the nested instance.
 */
export function resolvePropertyType(owner: Function, property: string, rules: readonly ValidatorRule[], field?: FieldRecord): ResolvedType {
  const design: unknown = Reflect.getMetadata(DESIGN_TYPE, owner.prototype as object, property);
  const isArray = design === Array || rules.some((r) => r.each || r.name === 'isArray' || r.name.startsWith('array'));
  const hinted = field?.type ? fromHint(field.type()) : fromTransformerType(owner, property);
  if (hinted) return isArray && hinted.kind !== 'array' ? { kind: 'array', items: hinted } : hinted;
  const scalar = SCALARS.get(design);
  if (scalar) return scalar;
  if (typeof design === 'function' && design !== Array && design !== Object && !UNSUPPORTED.has(design)) {
    if (!findTransformType(owner, property)) classTransformer().Type(() => design as ObjectClass)(owner.prototype as object, property);
    return { kind: 'object', cls: design as ObjectClass };
  }
  if (UNSUPPORTED.has(design)) {
    return { kind: 'unknown', problem: `its type ${(design as { name: string }).name} has no JSON form`, hint: 'use a plain class, array or scalar instead' };
  }
  if (isArray) {
    const items = fromRules(rules.filter((r) => r.each));
    return items
      ? { kind: 'array', items }
      : {
          kind: 'unknown',
          problem: 'the type of its array items cannot be told',
          hint: 'add @Field(() => [ItemType]) (e.g. @Field(() => [String]) or @Field(() => [LineItem])), @Type(() => ItemClass), or an each-validator such as @IsString({ each: true })',
        };
  }
  const inferred = fromRules(rules.filter((r) => !r.each));
  if (inferred) return inferred;
  const why =
    design === undefined
      ? 'there is no design:type (compiled without emitDecoratorMetadata, e.g. by tsx, esbuild or SWC)'
      : 'design:type is Object (a union, an interface, a type literal or any)';
  return {
    kind: 'unknown',
    problem: `its type cannot be told: ${why}`,
    hint: rules.some((r) => r.name === VALIDATE_NESTED)
      ? 'add @Field(() => NestedClass) or @Type(() => NestedClass)'
      : 'add @Field(() => T) (String, Number, Boolean, Date, a class, an enum or [T]) or a type validator such as @IsString()',
  };
}

/** Turns a `@Field()` type thunk's result into a resolved type. */
export function fromHint(type: FieldType): ResolvedType {
  if (Array.isArray(type)) {
    if (type.length !== 1) return { kind: 'unknown', problem: 'its array hint must hold exactly one item type', hint: 'write @Field(() => [ItemType])' };
    return { kind: 'array', items: fromHint(type[0] as FieldType) };
  }
  const scalar = SCALARS.get(type);
  if (scalar) return scalar;
  if (typeof type === 'function') {
    if (type === Object || type === Array || UNSUPPORTED.has(type)) {
      return { kind: 'unknown', problem: `its hint ${type.name} says nothing about the shape`, hint: 'hint a class, a scalar, an enum or [T]' };
    }
    return { kind: 'object', cls: type as ObjectClass };
  }
  if (type !== null && typeof type === 'object') return { kind: 'enum', values: enumValues(type as EnumObject) };
  return { kind: 'unknown', problem: 'its hint is not a type', hint: 'hint a class, a scalar, an enum or [T]' };
}

/** Values of a TypeScript enum object (numeric enums' reverse mappings dropped). */
export function enumValues(entity: EnumObject): JsonValue[] {
  return Object.entries(entity)
    .filter(([key]) => Number.isNaN(Number.parseInt(key, 10)))
    .map(([, value]) => value);
}

function fromTransformerType(owner: Function, property: string): ResolvedType | undefined {
  const meta = findTransformType(owner, property);
  if (!meta?.typeFunction) return undefined;
  const type: unknown = meta.typeFunction();
  return type ? fromHint(type as FieldType) : undefined;
}

/** The value type the given (non-`each`, or `each` for items) validators imply, if any. */
function fromRules(rules: readonly ValidatorRule[]): ResolvedType | undefined {
  const has = (name: string): ValidatorRule | undefined => rules.find((r) => r.name === name);
  const enumRule = has('isEnum') ?? has('isIn');
  if (enumRule) {
    const values = (enumRule.name === 'isEnum' ? enumRule.constraints[1] : enumRule.constraints[0]) as JsonValue[] | undefined;
    if (Array.isArray(values) && enumKeywords(values).enum) return { kind: 'enum', values };
  }
  if (has('isInt')) return { kind: 'scalar', type: 'integer' };
  if (has('isNumber') || has('min') || has('max') || has('isPositive') || has('isNegative')) return { kind: 'scalar', type: 'number' };
  if (has('isBoolean')) return { kind: 'scalar', type: 'boolean' };
  if (has('isDate')) return { kind: 'scalar', type: 'string', format: 'date-time' };
  if (rules.some((r) => STRING_RULES.has(r.name))) return { kind: 'scalar', type: 'string' };
  return undefined;
}
