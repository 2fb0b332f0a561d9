/** Any class. */
export type AnyClass = Function;

/** The class and its ancestors, nearest first. */
export function lineage(target: AnyClass): AnyClass[] {
  const result: AnyClass[] = [];
  let current: unknown = target;
  while (typeof current === 'function' && current !== Function.prototype && current !== Object) {
    result.push(current as AnyClass);
    current = Object.getPrototypeOf(current);
  }
  return result;
}
