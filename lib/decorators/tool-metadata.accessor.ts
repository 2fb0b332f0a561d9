import 'reflect-metadata';
import { lineage, type AnyClass } from './class-lineage';
import { TOOL_METADATA } from './constants';
import type { ToolOptions } from './tool.decorator';

/** What `@Tool()` recorded about one method. */
export interface ToolMethodRecord {
  readonly declaringClass: AnyClass;
  readonly methodName: string;
  readonly options: ToolOptions;
}

/**
 * The `@Tool()` options recorded on a method function, or undefined when it is not a tool.
 * `@Tool()` stores them on the method itself (as Nest stores method metadata), so this is the one
 * place tool metadata lives; every reader (collection, the Nest explorer) comes through here.
 */
export function getToolOptions(method: unknown): ToolOptions | undefined {
  if (typeof method !== 'function') return undefined;
  return Reflect.getOwnMetadata(TOOL_METADATA, method) as ToolOptions | undefined;
}

/** `@Tool()` methods declared on this class itself, in declaration order. */
export function getOwnToolMethods(target: AnyClass): ToolMethodRecord[] {
  const prototype = (target as { prototype?: object }).prototype;
  if (!prototype) return [];
  const records: ToolMethodRecord[] = [];
  for (const methodName of Object.getOwnPropertyNames(prototype)) {
    if (methodName === 'constructor') continue;
    const options = getToolOptions(Object.getOwnPropertyDescriptor(prototype, methodName)?.value);
    if (options) records.push({ declaringClass: target, methodName, options });
  }
  return records;
}

/**
 * `@Tool()` methods of a class and its ancestors, nearest class first; a subclass that re-declares
 * a tool method wins (an override without `@Tool()` keeps the ancestor's record and runs the override).
 *
 * @example
 * getToolMethods(WeatherTools).map((r) => r.methodName); // ['getWeather']
 */
export function getToolMethods(target: AnyClass): ToolMethodRecord[] {
  const seen = new Set<string>();
  const result: ToolMethodRecord[] = [];
  for (const cls of lineage(target)) {
    for (const record of getOwnToolMethods(cls)) {
      if (seen.has(record.methodName)) continue;
      seen.add(record.methodName);
      result.push(record);
    }
  }
  return result;
}
