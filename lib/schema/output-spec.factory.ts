import type { OutputSpec } from '../core/output.types';
import { getChatMetadataStorage } from '../decorators/chat-metadata.storage';
import { SCHEMA_NAME_PATTERN } from '../decorators/constants';
import { validateAsClass } from './class-validation';
import { schemaOfClass } from './class-schema.resolver';

/** A class whose instances are structured outputs (marked with `@Schema()`). */
export type OutputClass<T> = new (...args: never[]) => T;

/**
 * Builds the structured-output spec of a class: its canonical JSON Schema (registry or run-time
 * derivation) and a parser that turns JSON into a validated instance (class-transformer +
 * class-validator). Name and description come from `@Schema()`, else the class name and JSDoc.
 * The engine calls it from `ChatBuilder.withStructuredOutput(Class)`.
 *
 * @example
 * const spec = outputSpecFor(Weather);
 * const check = await spec.parse({ city: 'Oslo', celsius: 4 });
 * if (check.ok) check.value instanceof Weather; // true
 * @throws NoExplicitTypeError when the schema cannot be told at run time.
 */
export function outputSpecFor<T extends object>(type: OutputClass<T>): OutputSpec<T> {
  const resolved = schemaOfClass(type);
  const options = getChatMetadataStorage().getSchema(type)?.options;
  const description = options?.description ?? resolved.description;
  const schema = resolved.schema;
  return {
    name: outputName(options?.name ?? type.name),
    schema,
    ...(description !== undefined ? { description } : {}),
    async parse(value) {
      const check = await validateAsClass(type, value, schema);
      return check.ok ? { ok: true, value: check.value } : { ok: false, message: check.message, errors: check.errors };
    },
  };
}

function outputName(name: string): string {
  if (SCHEMA_NAME_PATTERN.test(name)) return name;
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned.length > 0 ? cleaned : 'output';
}
