import type { JsonValue } from '../../core/json.types';
import { InvalidRequestError } from '../../errors/invalid-request.error';

/** Leaves a field out of the request body (e.g. a server that rejects `stream_options`). */
export interface DropFieldQuirk {
  /** Field path, dotted for nested fields (`reasoning.summary`). */
  readonly drop: string;
}

/** Sends a field under another name (e.g. `seed` → `random_seed`). */
export interface RenameFieldQuirk {
  /** Field path as the family's mapper writes it. */
  readonly rename: string;
  /** The name the server expects (same parent object). */
  readonly to: string;
}

/** Restricts a field to the values a server accepts. */
export interface RestrictFieldQuirk {
  /** Field path. */
  readonly restrict: string;
  /** Values the server accepts. */
  readonly allowed: readonly JsonValue[];
  /** Translations tried first, e.g. `{ minimal: 'low' }`; keys are the JSON text of the value for non-strings. */
  readonly map?: Readonly<Record<string, JsonValue>>;
  /** What to do with any other value: leave the field out (default) or fail with an `InvalidRequestError`. */
  readonly otherwise?: 'drop' | 'error';
}

/**
 * One difference of a server from its wire family, applied to every chat request body after the
 * family's mapper: presets are data (`{ id, baseUrl, apiKeyEnv, defaults, quirks }`), and their
 * quirks say what their server does differently.
 *
 * @example
 * const quirks: BodyQuirk[] = [
 *   { rename: 'seed', to: 'random_seed' },
 *   { drop: 'stream_options' },
 *   { restrict: 'reasoning_effort', allowed: ['low', 'high'], map: { medium: 'high' } },
 * ];
 */
export type BodyQuirk = DropFieldQuirk | RenameFieldQuirk | RestrictFieldQuirk;

type Container = { [key: string]: JsonValue | undefined };

/** The object holding the last segment of `path`, copied on the way down so the caller's body is not changed; undefined when absent. */
function parentOf(root: Container, path: string): { parent: Container; key: string } | undefined {
  const segments = path.split('.');
  let parent = root;
  for (const segment of segments.slice(0, -1)) {
    const child = parent[segment];
    if (child === null || typeof child !== 'object' || Array.isArray(child)) return undefined;
    const copy = { ...(child as Container) };
    parent[segment] = copy as JsonValue;
    parent = copy;
  }
  return { parent, key: segments[segments.length - 1] };
}

function same(a: JsonValue | undefined, b: JsonValue): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * Applies quirks to a request body, in order; returns a new body (the input is not changed). A
 * field that is absent is left alone by every quirk.
 *
 * @example
 * applyQuirks({ model: 'm', seed: 7 }, [{ rename: 'seed', to: 'random_seed' }], 'mistral');
 * // { model: 'm', random_seed: 7 }
 */
export function applyQuirks<B extends object>(body: B, quirks: readonly BodyQuirk[], provider: string): B {
  if (quirks.length === 0) return body;
  const out = { ...(body as unknown as Container) };
  for (const quirk of quirks) {
    const path = 'drop' in quirk ? quirk.drop : 'rename' in quirk ? quirk.rename : quirk.restrict;
    const at = parentOf(out, path);
    if (!at || !(at.key in at.parent) || at.parent[at.key] === undefined) continue;
    const { parent, key } = at;
    if ('drop' in quirk) {
      delete parent[key];
    } else if ('rename' in quirk) {
      parent[quirk.to] = parent[key];
      delete parent[key];
    } else {
      const value = parent[key] as JsonValue;
      const mapped = quirk.map?.[typeof value === 'string' ? value : JSON.stringify(value)];
      const candidate = mapped !== undefined ? mapped : value;
      if (quirk.allowed.some((allowed) => same(candidate, allowed))) {
        parent[key] = candidate;
      } else if (quirk.otherwise === 'error') {
        throw new InvalidRequestError(
          `${provider} does not accept ${path} = ${JSON.stringify(value)} (accepted: ${quirk.allowed.map((a) => JSON.stringify(a)).join(', ')})`,
          { provider },
        );
      } else {
        delete parent[key];
      }
    }
  }
  return out as unknown as B;
}
