import 'reflect-metadata';
import { DecoratorUsageError } from '../errors/decorator-usage.error';
import { getChatMetadataStorage } from './chat-metadata.storage';
import { checkOptionalString, checkOptionsObject, classNameOf, describe, memberName } from './decorator-checks';
import { findOwnTransformType, transformerType } from './transformer-metadata';

/** A class usable as a nested object type. */
export type ObjectClass = new (...args: never[]) => object;

/** A TypeScript enum object (`enum Unit { C = 'celsius' }`) or any `{ key: value }` map of allowed values. */
export type EnumObject = { readonly [key: string]: string | number };

/** What a `@Field()` type thunk may return: a scalar constructor, a class, an enum, or `[T]` for arrays. */
export type FieldType =
  | StringConstructor
  | NumberConstructor
  | BooleanConstructor
  | DateConstructor
  | ObjectClass
  | EnumObject
  | readonly [FieldType];

/** A lazy type hint (`() => Item`), lazy so that classes may refer to each other. */
export type FieldTypeThunk = () => FieldType;

/** Options of `@Field()`. */
export interface FieldOptions {
  /** Description for the model (the generated schema metadata takes it from JSDoc instead). */
  readonly description?: string;
  /** The value may be `null` (schema only; validate it with `@IsOptional()` or `@ValidateIf()`). */
  readonly nullable?: boolean;
}

const DECORATOR = '@Field()';
const SCALARS: readonly unknown[] = [String, Number, Boolean, Date];

/**
 * Gives the JSON Schema type of a property where reflection cannot: under tsx/esbuild/SWC (no
 * `design:type`), for arrays (`[Item]`), unions and interfaces (`Object`). For class types it also
 * tells class-transformer which class to build (like `@Type(() => Item)`, which is read too).
 *
 * @example
 * class Order {
 *   @Field(() => [LineItem]) @ValidateNested({ each: true }) items!: LineItem[];
 *   @Field(() => Status) @IsEnum(Status) status!: Status;
 *   @Field({ description: 'Free-text note' }) @IsOptional() @IsString() note?: string;
 * }
 * @publicApi
 */
export function Field(type?: FieldTypeThunk, options?: FieldOptions): PropertyDecorator;
export function Field(options: FieldOptions): PropertyDecorator;
export function Field(typeOrOptions?: FieldTypeThunk | FieldOptions, maybeOptions?: FieldOptions): PropertyDecorator {
  return (target, key) => {
    const className = classNameOf(target);
    const member = memberName(key);
    const fail = (problem: string): never => {
      throw new DecoratorUsageError(DECORATOR, className, member, problem);
    };
    if (typeof target === 'function') fail('fields must be instance properties, not static');
    if (typeof key === 'symbol') fail('fields must have a string name');
    const type = typeof typeOrOptions === 'function' ? typeOrOptions : undefined;
    const options = typeof typeOrOptions === 'function' ? maybeOptions : (typeOrOptions ?? maybeOptions);
    if (typeOrOptions !== undefined && typeof typeOrOptions !== 'function' && maybeOptions !== undefined) {
      fail('the type hint must be a function, e.g. @Field(() => Item)');
    }
    if (type !== undefined && SCALARS.includes(type)) {
      fail(`the type hint must be a function returning the type, e.g. @Field(() => ${(type as { name: string }).name})`);
    }
    checkOptionsObject(DECORATOR, className, member, options);
    const opts = options ?? {};
    checkOptionalString(DECORATOR, className, member, 'description', opts.description);
    if (opts.nullable !== undefined && typeof opts.nullable !== 'boolean') fail(`nullable must be a boolean, got ${describe(opts.nullable)}`);
    const declaringClass = (target as { constructor: ObjectClass }).constructor;
    getChatMetadataStorage().addField(declaringClass, { propertyName: key as string, type, options: opts });
    if (type && !findOwnTransformType(declaringClass, key as string)) {
      transformerType()(() => nestedClassOf(type) as ObjectClass)(target, key);
    }
  };
}

/**
 * The class class-transformer should build for a hinted property, or undefined for scalars and
 * enums (which then pass through untouched instead of being coerced).
 */
function nestedClassOf(thunk: FieldTypeThunk): ObjectClass | undefined {
  let type: FieldType = thunk();
  while (Array.isArray(type)) type = (type as readonly [FieldType])[0];
  if (typeof type !== 'function' || SCALARS.includes(type)) return type === Date ? (Date as unknown as ObjectClass) : undefined;
  return type as ObjectClass;
}
