import type { OutputSpec } from '../core/output.types';

/** A class whose instances are structured outputs (marked with `@Schema()`). */
export type OutputClass<T> = new (...args: never[]) => T;

/**
 * Builds the structured-output spec of a class: its canonical JSON Schema (registry or run-time
 * derivation) and a parser that turns JSON into a validated instance.
 */
export function outputSpecFor<T extends object>(type: OutputClass<T>): OutputSpec<T> {
  throw new Error(`outputSpecFor(${type.name}): schema pipeline not built yet`);
}
