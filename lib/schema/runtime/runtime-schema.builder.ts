import type { JsonSchema, JsonValue } from '../../core/json.types';
import { NoExplicitTypeError } from '../../errors/no-explicit-type.error';
import { getChatMetadataStorage } from '../../decorators/chat-metadata.storage';
import type { ObjectClass } from '../../decorators/field.decorator';
import { classProperties, undescribedProperties } from './class-properties';
import { resolvePropertyType, type ResolvedType } from './property-type.resolver';
import { refineWithValidators } from './validator-refiner';
import { enumKeywords } from './validator-keywords';

/**
 * Derives the canonical JSON Schema of a class at run time, from class-validator metadata,
 * `design:type` and explicit hints (`@Field()`, class-transformer `@Type()`). Nested classes are
 * inlined; a class that contains itself is referenced (`#` for the root, `#/definitions/Name` otherwise).
 * Throws `NoExplicitTypeError` naming the class and property when a type cannot be known.
 *
 * @example
 * deriveSchema(WeatherArgs); // { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
 */
export function deriveSchema(target: ObjectClass): JsonSchema {
  const builder = new RuntimeSchemaBuilder(target);
  const schema = builder.build();
  refineWithValidators(schema, target);
  return schema;
}

class RuntimeSchemaBuilder {
  private readonly stack: Function[] = [];
  private readonly recursive = new Set<Function>();
  private readonly definitions: { [name: string]: JsonValue } = {};
  private readonly names = new Map<Function, string>();

  constructor(private readonly root: ObjectClass) {}

  build(): JsonSchema {
    const schema = this.objectSchema(this.root, this.root.name);
    const defs = Object.keys(this.definitions);
    if (defs.length > 0) schema.definitions = this.definitions;
    return schema;
  }

  private objectSchema(target: Function, path: string): JsonSchema {
    this.stack.push(target);
    const properties: { [name: string]: JsonValue } = {};
    const required: string[] = [];
    const props = classProperties(target);
    if (props.length === 0) {
      throw new NoExplicitTypeError(
        target.name,
        '',
        `${path}: class ${target.name} has no decorated properties, so its schema cannot be told at run time; ` +
          'add class-validator decorators (e.g. @IsString()) or @Field() to its properties, or run `npx chat-ts schema` and import the generated chat-ts.metadata module',
      );
    }
    const undescribed = undescribedProperties(target);
    if (undescribed.length > 0) {
      throw new NoExplicitTypeError(
        target.name,
        undescribed[0],
        `${path}: ${undescribed.map((p) => `${target.name}.${p}`).join(', ')} ${undescribed.length === 1 ? 'has' : 'have'} no class-validator decorator or @Field(), ` +
          'so the run-time schema cannot see ' + (undescribed.length === 1 ? 'it' : 'them') +
          '; add one to each (e.g. @IsString(), @IsOptional(), @Field(() => Type)), or run `npx chat-ts schema` and import the generated chat-ts.metadata module',
      );
    }
    for (const prop of props) {
      const resolved = resolvePropertyType(target, prop.name, prop.rules, prop.field);
      const schema = this.typeSchema(resolved, target, prop.name, `${path}.${prop.name}`);
      const options = prop.field?.options;
      if (options?.nullable) makeNullable(schema);
      if (options?.description !== undefined) schema.description = options.description;
      properties[prop.name] = schema as JsonValue;
      if (!prop.rules.some((r) => r.name === 'isOptional')) required.push(prop.name);
    }
    this.stack.pop();
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    const description = getChatMetadataStorage().getSchema(target)?.options.description;
    if (description !== undefined) schema.description = description;
    return schema;
  }

  private typeSchema(type: ResolvedType, owner: Function, property: string, path: string): JsonSchema {
    switch (type.kind) {
      case 'scalar':
        return type.format ? { type: type.type, format: type.format } : { type: type.type };
      case 'enum':
        return { ...enumKeywords([...type.values]) };
      case 'array':
        return { type: 'array', items: this.typeSchema(type.items, owner, property, `${path}[]`) as JsonValue };
      case 'object':
        return this.nested(type.cls, path);
      case 'unknown':
        throw new NoExplicitTypeError(owner.name, property, `${path}: ${type.problem}; ${type.hint}`);
    }
  }

  private nested(target: Function, path: string): JsonSchema {
    if (target === this.root) {
      this.recursive.add(target);
      return { $ref: '#' };
    }
    if (this.stack.includes(target)) {
      this.recursive.add(target);
      return { $ref: `#/definitions/${this.nameOf(target)}` };
    }
    const schema = this.objectSchema(target, path);
    if (!this.recursive.has(target)) return schema;
    this.definitions[this.nameOf(target)] = schema as JsonValue;
    return { $ref: `#/definitions/${this.nameOf(target)}` };
  }

  private nameOf(target: Function): string {
    let name = this.names.get(target);
    if (name) return name;
    const taken = new Set(this.names.values());
    name = target.name || 'Anonymous';
    for (let i = 2; taken.has(name); i++) name = `${target.name}_${i}`;
    this.names.set(target, name);
    return name;
  }
}

/** Lets a schema also accept `null`. */
export function makeNullable(schema: JsonSchema): void {
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum)) schema.enum = [...schema.enum, null];
    return;
  }
  if (Array.isArray(schema.type)) {
    if (!schema.type.includes('null')) schema.type = [...schema.type, 'null'];
    return;
  }
  const copy = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [copy as JsonValue, { type: 'null' }];
}
