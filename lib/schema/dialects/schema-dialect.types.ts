import type { JsonSchema, JsonValue } from '../../core/json.types';

/**
 * One provider's flavour of JSON Schema. `adapt` turns a canonical schema into what the provider
 * accepts; `restore` undoes on a returned value what the adaptation changed (e.g. OpenAI strict
 * mode's `null` for an optional field becomes an absent field), before validation.
 */
export interface SchemaDialect {
  readonly name: 'openai-strict' | 'gemini' | 'claude';
  adapt(schema: JsonSchema): JsonSchema;
  restore(value: JsonValue, canonical: JsonSchema): JsonValue;
}
