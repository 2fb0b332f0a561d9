import type { JsonSchema } from '../core/json.types';
import { NoExplicitTypeError } from '../errors/no-explicit-type.error';
import { getChatMetadataStorage, type ToolMethodRecord } from '../decorators/chat-metadata.storage';
import type { ObjectClass } from '../decorators/field.decorator';
import { currentSchemaRegistry } from './registry/schema-registry.loader';
import type { RegistrySchemaEntry } from './registry/schema-registry.types';
import { deriveSchema } from './runtime/runtime-schema.builder';
import { refineWithValidators } from './runtime/validator-refiner';
import { normalizeSchema } from './schema.normalizer';

/** A class's canonical JSON Schema and where it came from. */
export interface ClassSchema {
  readonly schema: JsonSchema;
  /** The class's JSDoc (registry) or `@Schema({ description })`. */
  readonly description?: string;
  readonly source: 'registry' | 'run-time';
}

/**
 * The canonical JSON Schema of a structured-output (or any) class: the build-time registry entry
 * when there is a fresh one (refined with class-validator constraints), else derived at run time.
 *
 * A stale registry entry (its sources changed since `npx chat-ts schema` ran) is not used: it may
 * describe properties that no longer exist or miss new ones. The run-time schema replaces it, but
 * only when it sees every top-level property the stale entry lists; a property it cannot see (no
 * class-validator decorator and no `@Field()`) would silently vanish from the tool or output
 * contract, so that is a `NoExplicitTypeError` naming the properties and what to add (or, when
 * they were removed on purpose, to run `npx chat-ts schema` again). The same error comes without a
 * registry for instance fields no decorator describes (compilers that emit class fields).
 * @throws NoExplicitTypeError when run-time derivation cannot tell a type or cannot see a property.
 */
export function schemaOfClass(type: ObjectClass): ClassSchema {
  const record = getChatMetadataStorage().getSchema(type);
  const found = currentSchemaRegistry()?.lookupSchema(record?.file, type.name);
  if (found?.fresh) return fromRegistry(found.entry, type);
  return runTimeSchema(type, record?.options.description, found?.entry);
}

/** A tool's arguments schema and the method's registry description (JSDoc). */
export interface ToolArgumentsSchema extends ClassSchema {
  readonly toolDescription?: string;
}

/**
 * The arguments schema of a `@Tool()` method: through the tool's registry entry when fresh (the
 * registry knows which class the method takes), else as `schemaOfClass` (with the same check of a
 * stale entry against the run-time schema).
 * @throws NoExplicitTypeError as `schemaOfClass`.
 */
export function schemaOfToolArguments(record: ToolMethodRecord, argsType: ObjectClass): ToolArgumentsSchema {
  const registry = currentSchemaRegistry();
  const tool = registry?.lookupTool(record.file, record.declaringClass.name, record.methodName);
  const args = tool?.entry.arguments ? registry?.lookupSchemaByKey(tool.entry.arguments) : undefined;
  const sameClass = args !== undefined && args.entry.className === argsType.name;
  const toolDescription = tool?.fresh ? tool.entry.description : undefined;
  if (tool?.fresh && sameClass && args.fresh) return { ...fromRegistry(args.entry, argsType), toolDescription };
  const base = sameClass && !args.fresh ? runTimeSchema(argsType, getChatMetadataStorage().getSchema(argsType)?.options.description, args.entry) : schemaOfClass(argsType);
  return { ...base, toolDescription };
}

/** The registry description of a tool without arguments. */
export function toolDescriptionOf(record: ToolMethodRecord): string | undefined {
  return currentSchemaRegistry()?.toolFor(record.file, record.declaringClass.name, record.methodName)?.description;
}

function fromRegistry(entry: RegistrySchemaEntry, type: ObjectClass): ClassSchema {
  const schema = structuredClone(entry.schema);
  refineWithValidators(schema, type);
  return { schema, description: entry.description, source: 'registry' };
}

function runTimeSchema(type: ObjectClass, description: string | undefined, stale: RegistrySchemaEntry | undefined): ClassSchema {
  const schema = normalizeSchema(deriveSchema(type));
  if (stale) assertSeesStaleProperties(type, schema, stale);
  return { schema, description, source: 'run-time' };
}

/** Every top-level property of a stale entry must be in the run-time schema (else it would silently vanish). */
function assertSeesStaleProperties(type: ObjectClass, schema: JsonSchema, stale: RegistrySchemaEntry): void {
  const seen = new Set(Object.keys(propertiesOf(schema)));
  const listed = Object.keys(propertiesOf(stale.schema));
  const lost = listed.filter((name) => !seen.has(name));
  if (lost.length === 0) return;
  const names = lost.map((name) => `${type.name}.${name}`).join(', ');
  throw new NoExplicitTypeError(
    type.name,
    lost[0],
    `${type.name}: the schema registry entry ${stale.module}#${stale.export} is stale and the run-time schema cannot see ${names} ` +
      `(${lost.length} of the ${listed.length} properties it lists: no class-validator decorator or @Field()); ` +
      'add one to each (e.g. @IsString(), @IsOptional(), @Field(() => Type)) so the schema does not depend on the registry, ' +
      'or run `npx chat-ts schema` again (enough if they were removed from the class)',
  );
}

function propertiesOf(schema: JsonSchema): Record<string, unknown> {
  const properties = schema.properties;
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? (properties as Record<string, unknown>) : {};
}
