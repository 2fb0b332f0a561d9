import type { JsonSchema, JsonValue } from '../../core/json.types';
import { classProperties } from './class-properties';
import { resolvePropertyType, type ResolvedType } from './property-type.resolver';
import { keywordsOf, mergeKeywords } from './validator-keywords';
import type { ValidatorRule } from './validator-metadata.reader';

/** One property of a class as the refiner sees it: its validator rules and, for class-typed properties, the nested class. */
export interface RefinableProperty {
  readonly name: string;
  readonly rules: readonly ValidatorRule[];
  /** The nested class (of the value, or of each item when `array`), when the property holds class instances. */
  readonly nested?: () => { readonly cls: RefinableClass; readonly array: boolean } | undefined;
}

/** A class as the refiner sees it: run-time metadata (`runtimeClassView`) or the build-time AST. */
export interface RefinableClass {
  /** Identity of the class (a visited class is refined once). */
  readonly key: unknown;
  properties(): readonly RefinableProperty[];
}

/**
 * Refines an object schema with the class-validator constraints of its class, recursing into nested
 * classes: `@IsInt()` → integer, `@Min()` → minimum, `@IsOptional()` → not required, and so on.
 * Used on run-time schemas (and, through `refineSchema`, by `chat-ts schema` at build time).
 * Inferred never overrides explicit: a keyword the schema already has (from a JSDoc tag, a literal
 * union...) is kept.
 */
export function refineWithValidators(root: JsonSchema, target: Function): void {
  refineSchema(root, runtimeClassView(target));
}

/** `refineWithValidators` over any view of a class. */
export function refineSchema(root: JsonSchema, cls: RefinableClass): void {
  new Refiner(root).refine(root, cls);
}

/** A class as run-time metadata describes it (class-validator rules, `@Field()`, `design:type`). */
export function runtimeClassView(target: Function): RefinableClass {
  return {
    key: target,
    properties: () =>
      classProperties(target).map((prop) => ({
        name: prop.name,
        rules: prop.rules,
        nested: () => {
          let resolved: ResolvedType;
          try {
            resolved = resolvePropertyType(target, prop.name, prop.rules, prop.field);
          } catch {
            return undefined;
          }
          if (resolved.kind === 'object') return { cls: runtimeClassView(resolved.cls), array: false };
          if (resolved.kind === 'array' && resolved.items.kind === 'object') return { cls: runtimeClassView(resolved.items.cls), array: true };
          return undefined;
        },
      })),
  };
}

class Refiner {
  private readonly done = new Set<JsonSchema>();

  constructor(private readonly root: JsonSchema) {}

  refine(schema: JsonSchema, target: RefinableClass): void {
    const object = this.deref(schema);
    if (!object || this.done.has(object)) return;
    this.done.add(object);
    const properties = asSchemaMap(object.properties);
    if (!properties) return;
    for (const prop of target.properties()) {
      const propSchema = properties[prop.name];
      if (!propSchema) continue;
      if (prop.rules.some((r) => r.name === 'isOptional') && Array.isArray(object.required)) {
        object.required = object.required.filter((name) => name !== prop.name);
        if (object.required.length === 0) delete object.required;
      }
      const valueSchema = this.valueSchema(propSchema);
      const itemsSchema = valueSchema && isSchema(valueSchema.items) ? this.deref(valueSchema.items) : undefined;
      for (const rule of prop.rules) {
        const into = rule.each ? itemsSchema : valueSchema;
        if (into) mergeKeywords(into, keywordsOf(rule.name, rule.constraints));
      }
      const nested = prop.nested?.();
      const nestedSchema = nested?.array ? itemsSchema : valueSchema;
      if (nested && nestedSchema) this.refine(nestedSchema, nested.cls);
    }
  }

  /** The schema of the value itself: through `$ref`, and past a `null` alternative (`anyOf: [X, null]`). */
  private valueSchema(schema: JsonSchema): JsonSchema | undefined {
    const target = this.deref(schema);
    if (!target) return undefined;
    if (Array.isArray(target.anyOf)) {
      const nonNull = target.anyOf.filter((s) => isSchema(s) && s.type !== 'null');
      return nonNull.length === 1 && isSchema(nonNull[0]) ? this.deref(nonNull[0]) : undefined;
    }
    return target;
  }

  private deref(schema: JsonSchema): JsonSchema | undefined {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    if (ref === '#') return this.root;
    const match = /^#\/definitions\/(.+)$/.exec(ref);
    const definitions = asSchemaMap(this.root.definitions);
    return match && definitions ? definitions[match[1]] : undefined;
  }
}

function isSchema(value: JsonValue | undefined): value is JsonSchema & { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asSchemaMap(value: JsonValue | undefined): { [name: string]: JsonSchema } | undefined {
  return isSchema(value) ? (value as { [name: string]: JsonSchema }) : undefined;
}
