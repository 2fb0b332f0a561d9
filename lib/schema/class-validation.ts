import type { ValidationError } from 'class-validator';
import type { JsonSchema, JsonValue } from '../core/json.types';
import { dropOptionalNulls } from './optional-nulls';
import { classTransformer, classValidator } from './runtime/validation-libraries';
import { formatValidationErrors, validationErrorsToJson } from './validation-errors';

/** Outcome of turning JSON into a validated class instance. */
export type ClassValidation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly errors: readonly ValidationError[]; readonly details: JsonValue };

/**
 * Turns JSON into a validated instance of `type`: `null`s of optional properties dropped (per the
 * canonical schema), class-transformer `plainToInstance`, then class-validator `validate`.
 * Failures are data: a readable message and the class-validator tree.
 */
export async function validateAsClass<T extends object>(
  type: new (...args: never[]) => T,
  value: JsonValue,
  schema: JsonSchema,
): Promise<ClassValidation<T>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, message: `expected a JSON object, got ${got}`, errors: [], details: [] };
  }
  const plain = dropOptionalNulls(value, schema);
  const instance = classTransformer().plainToInstance(type as new () => T, plain, { exposeDefaultValues: true }) as T;
  const errors = await classValidator().validate(instance);
  if (errors.length === 0) return { ok: true, value: instance };
  return { ok: false, message: formatValidationErrors(errors), errors, details: validationErrorsToJson(errors) };
}
