import type { JsonSchema } from '../core/json.types';
import { getChatMetadataStorage } from '../decorators/chat-metadata.storage';
import type { ToolMethodRecord } from '../decorators/tool-metadata.accessor';
import type { ObjectClass } from '../decorators/field.decorator';
import { missingSchemaError, warnRuntimeSchema } from './metadata/missing-schema.notice';
import { classMetadataOf, toolMetadataOf } from './metadata/schema-metadata.store';
import { currentSchemaSettings } from './metadata/schema-settings';
import { deriveSchema } from './runtime/runtime-schema.builder';
import { normalizeSchema } from './schema.normalizer';

/** A class's canonical JSON Schema and where it came from. */
export interface ClassSchema {
  readonly schema: JsonSchema;
  /** The class's JSDoc (generated metadata) or `@Schema({ description })`. */
  readonly description?: string;
  /** `generated`: from `chat-ts schema`'s metadata module; `run-time`: from reflection and class-validator. */
  readonly source: 'generated' | 'run-time';
}

/**
 * The canonical JSON Schema of a structured-output (or tool arguments) class: the one `chat-ts schema`
 * generated for this very class (bound by reference when the generated module was imported), else
 * derived at run time from reflection and class-validator, with one warning per class naming what
 * is lost and the fix. Under `strictSchemas` a missing generated schema is an error instead.
 * @throws MissingSchemaMetadataError under `strictSchemas` when the class has no generated schema.
 * @throws NoExplicitTypeError when run-time derivation cannot tell a type or cannot see a property.
 */
export function schemaOfClass(type: ObjectClass): ClassSchema {
  const generated = classMetadataOf(type);
  if (generated?.schema) return { schema: structuredClone(generated.schema), description: generated.description, source: 'generated' };
  const settings = currentSchemaSettings();
  if (settings.strictSchemas) throw missingSchemaError(type);
  if (settings.runtimeSchemaWarnings) warnRuntimeSchema(type);
  const schema = normalizeSchema(deriveSchema(type));
  return { schema, description: getChatMetadataStorage().getSchema(type)?.options.description, source: 'run-time' };
}

/** A tool's arguments schema and the method's generated description (JSDoc). */
export interface ToolArgumentsSchema extends ClassSchema {
  readonly toolDescription?: string;
}

/**
 * The arguments schema of a `@Tool()` method (as `schemaOfClass`) and the method's JSDoc from the
 * generated metadata.
 * @throws MissingSchemaMetadataError, NoExplicitTypeError as `schemaOfClass`.
 */
export function schemaOfToolArguments(record: ToolMethodRecord, argsType: ObjectClass): ToolArgumentsSchema {
  return { ...schemaOfClass(argsType), toolDescription: toolDescriptionOf(record) };
}

/** The generated description (JSDoc) of a `@Tool()` method, if any. */
export function toolDescriptionOf(record: ToolMethodRecord): string | undefined {
  return toolMetadataOf(record.declaringClass, record.methodName)?.description;
}
