/**
 * A deep copy of JSON-shaped data (plain objects, arrays, primitives) — what conversations hold —
 * several times faster than `structuredClone` on small messages. `undefined` members are kept;
 * functions, symbols and bigints are refused with a `TypeError`.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new TypeError(`a ${typeof value} is not JSON data`);
    }
    return value;
  }
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneJson((value as Record<string, unknown>)[key]);
  return out as T;
}
