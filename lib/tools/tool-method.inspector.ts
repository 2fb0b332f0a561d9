import 'reflect-metadata';
import { getToolMethods, type ToolMethodRecord } from '../decorators/tool-metadata.accessor';
import { DESIGN_PARAM_TYPES } from '../decorators/constants';
import type { ObjectClass } from '../decorators/field.decorator';
import { NoExplicitTypeError } from '../errors/no-explicit-type.error';
import { ToolDefinitionError } from '../errors/tool-definition.error';
import { toolMetadataOf } from '../schema/metadata/schema-metadata.store';

/** A `@Tool()` method of one instance, with its parameter shape checked. */
export interface ToolMethod {
  readonly record: ToolMethodRecord;
  readonly instance: object;
  /** Name of the instance's class. */
  readonly className: string;
  readonly method: (...args: unknown[]) => unknown;
  /** The arguments class; undefined when the method takes no parameters. */
  readonly argsType?: ObjectClass;
}

const NOT_ARGUMENTS = new Map<unknown, string>([
  [String, 'a string'], [Number, 'a number'], [Boolean, 'a boolean'], [Array, 'an array'], [Date, 'a Date'],
  [Function, 'a function'], [Promise, 'a Promise'], [Symbol, 'a symbol'], [Map, 'a Map'], [Set, 'a Set'],
]);
const SHAPE = 'a tool method takes (args: ArgsClass, context?: ToolContext) or no parameters';

/**
 * The `@Tool()` methods of an instance (its class and ancestors), each bound to its arguments class.
 * @throws ToolDefinitionError for a class without tools or a wrong parameter shape.
 * @throws NoExplicitTypeError when the arguments type cannot be told.
 */
export function inspectToolMethods(instance: object): ToolMethod[] {
  if (typeof instance === 'function') {
    const name = (instance as { name?: string }).name || 'the class';
    throw new ToolDefinitionError(`collectTools() takes instances: pass new ${name}(), not ${name}`, { className: name });
  }
  if (instance === null || typeof instance !== 'object') {
    throw new ToolDefinitionError(`collectTools() takes instances of classes with @Tool() methods, got ${instance === null ? 'null' : typeof instance}`);
  }
  const cls = instance.constructor;
  const className = cls?.name || '(anonymous class)';
  const records = cls ? getToolMethods(cls) : [];
  if (records.length === 0) throw new ToolDefinitionError(`${className} has no @Tool() methods`, { className });
  return records.map((record) => inspectMethod(instance, className, record));
}

function inspectMethod(instance: object, className: string, record: ToolMethodRecord): ToolMethod {
  const where = { className, methodName: record.methodName };
  const label = `${className}.${record.methodName}`;
  const method = (instance as Record<string, unknown>)[record.methodName];
  if (typeof method !== 'function') throw new ToolDefinitionError(`${label} is not a method on the instance`, where);
  const paramTypes: unknown[] | undefined = Reflect.getMetadata(DESIGN_PARAM_TYPES, record.declaringClass.prototype as object, record.methodName);
  const arity = paramTypes?.length ?? method.length;
  if (arity > 2) throw new ToolDefinitionError(`${label} takes ${arity} parameters; ${SHAPE}`, where);
  const base = { record, instance, className, method: method as (...args: unknown[]) => unknown };
  const explicit = record.options.args?.();
  if (record.options.args) {
    if (typeof explicit !== 'function') {
      throw new ToolDefinitionError(`${label}: @Tool({ args }) must return the arguments class, got ${typeof explicit}`, where);
    }
    return { ...base, argsType: explicit as ObjectClass };
  }
  if (arity === 0) return base;
  const first = paramTypes?.[0];
  const notArgs = NOT_ARGUMENTS.get(first);
  if (notArgs) {
    throw new ToolDefinitionError(
      `${label}: its first parameter is ${notArgs}; ${SHAPE}, where ArgsClass is a class with class-validator decorators`,
      where,
    );
  }
  if (typeof first === 'function' && first !== Object) return { ...base, argsType: first as ObjectClass };
  // No design:paramtypes (esbuild, tsx): the generated metadata read the parameter's type at build time.
  const generated = paramTypes === undefined ? toolMetadataOf(record.declaringClass, record.methodName)?.args?.() : undefined;
  if (typeof generated === 'function') return { ...base, argsType: generated as ObjectClass };
  const why =
    paramTypes === undefined
      ? 'there is no design:paramtypes (compiled without emitDecoratorMetadata, e.g. by tsx, esbuild or SWC)'
      : 'its first parameter is typed as Object (an interface, a type literal or any)';
  throw new NoExplicitTypeError(
    className,
    record.methodName,
    `Tool ${label}: the arguments type cannot be told: ${why}. Declare the arguments as a class with class-validator ` +
      'decorators, or name it with @Tool({ args: () => ArgsClass }); a tool without arguments that wants the context takes (_: NoArguments, context)',
  );
}
