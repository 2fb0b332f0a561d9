import type { JsonValue } from '../core/json.types';
import { DecoratorUsageError } from '../errors/decorator-usage.error';

/** Name of the class a member decorator was applied to (`target` is a prototype or a constructor). */
export function classNameOf(target: object): string {
  if (typeof target === 'function') return target.name || '(anonymous class)';
  return (target as { constructor?: { name?: string } }).constructor?.name || '(anonymous class)';
}

/** Human name of a property key. */
export function memberName(key: string | symbol): string {
  return typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : key;
}

/** Throws a `DecoratorUsageError` unless `options` is a plain object (or undefined). */
export function checkOptionsObject(decorator: string, className: string, member: string | undefined, options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new DecoratorUsageError(decorator, className, member, `options must be an object, got ${describe(options)}`);
  }
}

/** Throws unless `value` (when given) is a string. */
export function checkOptionalString(decorator: string, className: string, member: string | undefined, field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new DecoratorUsageError(decorator, className, member, `${field} must be a string, got ${describe(value)}`);
  }
}

/** Path of the first value inside `value` that JSON cannot carry, or undefined when it is all JSON. */
export function firstNonJson(value: unknown, path = ''): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(value)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstNonJson(value[i], `${path}[${i}]`);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined) continue;
      const bad = firstNonJson(item, path ? `${path}.${key}` : key);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  return path || '(value)';
}

/** Narrowing helper for JSON objects checked with `firstNonJson`. */
export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && firstNonJson(value) === undefined;
}

/** Short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
