import type { ValidationError } from 'class-validator';
import type { JsonValue } from '../core/json.types';

/**
 * One line per failed constraint, with the property path, e.g.
 * `location.city must be a string; days must not be greater than 10`.
 */
export function formatValidationErrors(errors: readonly ValidationError[]): string {
  return flatten(errors, '').join('; ');
}

function flatten(errors: readonly ValidationError[], parent: string): string[] {
  return errors.flatMap((error) => {
    const path = !parent ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** The class-validator error tree as JSON (property, value, constraints, children), for `details`. */
export function validationErrorsToJson(errors: readonly ValidationError[]): JsonValue {
  return errors.map((error) => {
    const node: { [key: string]: JsonValue } = { property: error.property };
    const value = toJson(error.value);
    if (value !== undefined) node.value = value;
    if (error.constraints) node.constraints = { ...error.constraints };
    if (error.children && error.children.length > 0) node.children = validationErrorsToJson(error.children);
    return node;
  });
}

function toJson(value: unknown): JsonValue | undefined {
  if (value === undefined || typeof value === 'function') return undefined;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
  } catch {
    return undefined;
  }
}
