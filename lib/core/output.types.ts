import type { ValidationError } from 'class-validator';
import type { JsonSchema, JsonValue } from './json.types';

/** Outcome of turning a model's JSON into the structured-output type. */
export type OutputCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly errors: readonly ValidationError[] };

/**
 * Structured output: the canonical JSON Schema sent to the provider, and how a reply becomes a
 * validated `T` (class-transformer + class-validator for `@Schema()` classes).
 */
export interface OutputSpec<T> {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly description?: string;
  parse(value: JsonValue): Promise<OutputCheck<T>>;
}
