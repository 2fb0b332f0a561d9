import type { JsonValue } from '../../core/json.types';

/** One difference between a recorded and a received value. */
export interface CassetteDifference {
  /** Where, e.g. `body.messages[0].content`. */
  readonly path: string;
  /** The recorded value (undefined: absent there). */
  readonly recorded?: JsonValue;
  /** The received value (undefined: absent there). */
  readonly received?: JsonValue;
}

/** The differences between two JSON values, deepest first found, at most `limit`. */
export function jsonDifferences(recorded: JsonValue | undefined, received: JsonValue | undefined, path: string, limit = 50): CassetteDifference[] {
  const out: CassetteDifference[] = [];
  walk(recorded, received, path, out, limit);
  return out;
}

function walk(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: CassetteDifference[], limit: number): void {
  if (out.length >= limit) return;
  if (a === b) return;
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects = isObject(a) && isObject(b);
  if (bothArrays) {
    const x = a as JsonValue[];
    const y = b as JsonValue[];
    for (let i = 0; i < Math.max(x.length, y.length); i++) walk(x[i], y[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (bothObjects) {
    const x = a as { [key: string]: JsonValue };
    const y = b as { [key: string]: JsonValue };
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], path ? `${path}.${key}` : key, out, limit);
    return;
  }
  out.push({ path, ...(a !== undefined ? { recorded: a } : {}), ...(b !== undefined ? { received: b } : {}) });
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The differences as text lines (`- path: recorded … / + received …`), for an error message. */
export function formatDifferences(differences: readonly CassetteDifference[]): string {
  const show = (v: JsonValue | undefined): string => (v === undefined ? '(absent)' : truncate(JSON.stringify(v)));
  return differences.map((d) => `  ${d.path}:\n    - recorded: ${show(d.recorded)}\n    + received: ${show(d.received)}`).join('\n');
}

function truncate(text: string): string {
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
