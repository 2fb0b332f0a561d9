import type { JsonObject, JsonValue } from '../../core/json.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { GeminiPartialArg } from './gemini-wire.types';

type PathToken = string | number;

/** Splits an RFC 9535 JSON path such as `$.recipe.steps[1]` or `$['a b'][0]` into keys and indices. */
export function parseJsonPath(path: string): PathToken[] {
  if (!path.startsWith('$')) throw new InvalidResponseError(`gemini sent a function argument path that is not a JSON path: ${path}`, { provider: 'gemini' });
  const tokens: PathToken[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      let end = i + 1;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      tokens.push(path.slice(i + 1, end));
      i = end;
    } else if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) break;
      const inner = path.slice(i + 1, close).trim();
      const quoted = /^(['"])(.*)\1$/s.exec(inner);
      if (quoted) tokens.push(quoted[2].replace(/\\(['"\\])/g, '$1'));
      else if (/^\d+$/.test(inner)) tokens.push(Number(inner));
      else tokens.push(inner);
      i = close + 1;
    } else {
      throw new InvalidResponseError(`gemini sent an unreadable function argument path: ${path}`, { provider: 'gemini' });
    }
  }
  return tokens;
}

function valueOf(arg: GeminiPartialArg): JsonValue | undefined {
  if (arg.stringValue !== undefined) return arg.stringValue;
  if (arg.numberValue !== undefined) return arg.numberValue;
  if (arg.boolValue !== undefined) return arg.boolValue;
  if (arg.nullValue !== undefined) return null;
  return undefined;
}

/**
 * Rebuilds a function call's arguments from Gemini 3 `partialArgs`: each piece names a JSON path
 * and a value; string values of one path arrive in several pieces while `willContinue` is true.
 *
 * @example
 * const a = new PartialArgsAssembler();
 * a.add([{ jsonPath: '$.city', stringValue: 'San ', willContinue: true }]);
 * a.add([{ jsonPath: '$.city', stringValue: 'Francisco' }]);
 * a.value; // { city: 'San Francisco' }
 */
export class PartialArgsAssembler {
  private root: JsonObject;
  private readonly continuing = new Set<string>();
  private lastPath: string | undefined;

  constructor(initial: JsonObject = {}) {
    this.root = structuredClone(initial);
  }

  /** The arguments assembled so far. */
  get value(): JsonObject {
    return this.root;
  }

  /** True while the last value written is a string that more pieces will extend. */
  get stringOpen(): boolean {
    return this.lastPath !== undefined && this.continuing.has(this.lastPath);
  }

  /** Merges whole arguments sent beside the pieces. */
  merge(args: JsonObject): void {
    this.root = { ...this.root, ...structuredClone(args) };
  }

  /** Applies pieces in order. */
  add(pieces: readonly GeminiPartialArg[]): void {
    for (const piece of pieces) {
      if (typeof piece.jsonPath !== 'string') continue;
      const value = valueOf(piece);
      const append = this.continuing.has(piece.jsonPath);
      if (piece.willContinue) this.continuing.add(piece.jsonPath);
      else this.continuing.delete(piece.jsonPath);
      if (value === undefined) continue;
      this.lastPath = typeof value === 'string' ? piece.jsonPath : undefined;
      this.set(parseJsonPath(piece.jsonPath), value, append);
    }
  }

  private set(tokens: PathToken[], value: JsonValue, append: boolean): void {
    if (tokens.length === 0) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) this.root = value;
      return;
    }
    let container: JsonObject | JsonValue[] = this.root;
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i];
      const nextIsIndex = typeof tokens[i + 1] === 'number';
      const current: JsonValue | undefined = (container as Record<string | number, JsonValue>)[token as never];
      let child: JsonValue | undefined = current;
      if (typeof child !== 'object' || child === null || Array.isArray(child) !== nextIsIndex) {
        child = nextIsIndex ? [] : {};
        (container as Record<string | number, JsonValue>)[token as never] = child;
      }
      container = child as JsonObject | JsonValue[];
    }
    const last = tokens[tokens.length - 1];
    const slot = container as Record<string | number, JsonValue>;
    const existing = slot[last as never];
    slot[last as never] = append && typeof existing === 'string' && typeof value === 'string' ? existing + value : value;
  }
}
