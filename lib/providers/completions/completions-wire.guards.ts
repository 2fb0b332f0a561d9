/** Small checks for untidy wire values: servers omit fields, send null, or change their types. */

/** `value` when it is a non-null object (not an array). */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `value` when it is a string. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` when it is a finite number (numeric strings are accepted). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

const NONE: readonly unknown[] = Object.freeze([]);

/** `value` when it is an array, else an empty one (shared, frozen: read it, never change it). */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : NONE;
}

/** A non-empty string, else undefined. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
