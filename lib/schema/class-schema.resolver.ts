import type { JsonSchema } from '../core/json.types';
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
 * @throws NoExplicitTypeError when run-time derivation cannot tell a type.
 */
export function schemaOfClass(type: ObjectClass): ClassSchema {
  const record = getChatMetadataStorage().getSchema(type);
  const entry = currentSchemaRegistry()?.schemaFor(record?.file, type.name);
  if (entry) return fromRegistry(entry, type);
  return { schema: normalizeSchema(deriveSchema(type)), description: record?.options.description, source: 'run-time' };
}

/** A tool's arguments schema and the method's registry description (JSDoc). */
export interface ToolArgumentsSchema extends ClassSchema {
  readonly toolDescription?: string;
}

/**
 * The arguments schema of a `@Tool()` method: through the tool's registry entry when fresh (the
 * registry knows which class the method takes), else as `schemaOfClass`.
 */
export function schemaOfToolArguments(record: ToolMethodRecord, argsType: ObjectClass): ToolArgumentsSchema {
  const registry = currentSchemaRegistry();
  const tool = registry?.toolFor(record.file, record.declaringClass.name, record.methodName);
  const entry = tool?.arguments ? registry?.schemaByKey(tool.arguments) : undefined;
  const base = entry && entry.className === argsType.name ? fromRegistry(entry, argsType) : schemaOfClass(argsType);
  return { ...base, toolDescription: tool?.description };
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
