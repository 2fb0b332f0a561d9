import type { JsonSchema, JsonValue } from '../core/json.types';
import { isSchemaObject, mapSubschemas, schemaMap } from '../schema/json-schema.helpers';

/**
 * A copy of a tool's parameters schema where every object schema that lists `properties` and says
 * nothing of `additionalProperties` gets `additionalProperties: false` (nested objects, array items
 * and alternatives included). What the schema already states is kept.
 */
export function closeSchema(schema: JsonSchema): JsonSchema {
  const mapped = mapSubschemas(schema, closeSchema);
  if (schemaMap(mapped.properties) && mapped.additionalProperties === undefined) mapped.additionalProperties = false;
  return mapped;
}

/** The top-level argument names a closed schema does not list (an empty list for anything but an object). */
export function unlistedArguments(schema: JsonSchema, args: JsonValue): string[] {
  if (schema.additionalProperties !== false || !isSchemaObject(args)) return [];
  const listed = schemaMap(schema.properties) ?? {};
  return Object.keys(args).filter((key) => !Object.prototype.hasOwnProperty.call(listed, key));
}
