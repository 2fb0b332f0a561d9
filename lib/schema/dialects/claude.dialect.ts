import type { JsonSchema, JsonValue } from '../../core/json.types';
import { dropOptionalNulls } from '../optional-nulls';
import type { SchemaDialect } from './schema-dialect.types';

/**
 * Claude's tool `input_schema`: JSON Schema with an object at the root. The canonical schema passes
 * through (without `$schema`/`$id`); a root without `properties` gets an empty map. `restore` only
 * drops `null`s of optional fields, which could never validate.
 */
export const claudeDialect: SchemaDialect = {
  name: 'claude',
  adapt(schema: JsonSchema): JsonSchema {
    const { $schema: _schema, $id: _id, ...rest } = structuredClone(schema);
    return { ...rest, type: 'object', properties: rest.properties ?? {} };
  },
  restore(value: JsonValue, canonical: JsonSchema): JsonValue {
    return dropOptionalNulls(value, canonical);
  },
};
