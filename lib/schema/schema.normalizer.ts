import type { JsonSchema, JsonValue } from '../core/json.types';
import { mapSubschemas, schemaMap } from './json-schema.helpers';

/**
 * Brings a JSON Schema (typescript-json-schema output or a run-time derivation) to chat-ts's
 * canonical form: definitions inlined unless recursive (a type containing the root is `$ref: '#'`,
 * other recursive types stay under `definitions` with their plain names), no `$schema`,
 * `required` in property order, `null` last in type lists. Idempotent.
 */
export function normalizeSchema(input: JsonSchema): JsonSchema {
  return new Normalizer(input).run();
}

class Normalizer {
  private readonly defs: { [name: string]: JsonSchema };
  private readonly rootName?: string;
  private readonly stack: string[] = [];
  private readonly recursive = new Set<string>();
  private readonly cleanNames = new Map<string, string>();
  private readonly outDefs: { [name: string]: JsonValue } = {};

  constructor(private readonly input: JsonSchema) {
    this.defs = { ...(schemaMap(input.definitions) ?? {}), ...(schemaMap(input.$defs) ?? {}) };
    this.rootName = refName(input.$ref);
  }

  run(): JsonSchema {
    const { $ref: _ref, definitions: _d, $defs: _dd, $schema: _s, ...rest } = this.input;
    const base = this.rootName ? { ...this.defs[this.rootName], ...rest } : rest;
    const out = this.walk(base);
    if (Object.keys(this.outDefs).length > 0) out.definitions = this.outDefs;
    return out;
  }

  /** Inlines definitions, the way the run-time builder nests classes: a type met again inside itself becomes a reference. */
  private walk(node: JsonSchema): JsonSchema {
    const name = refName(node.$ref);
    if (name !== undefined && name in this.defs) {
      const { $ref: _ref, ...siblings } = node;
      if (name === this.rootName) return { $ref: '#', ...siblings };
      const ref = { $ref: `#/definitions/${this.cleanName(name)}`, ...siblings };
      if (this.stack.includes(name)) {
        this.recursive.add(name);
        return ref;
      }
      this.stack.push(name);
      const body = this.walk(this.defs[name]);
      this.stack.pop();
      if (!this.recursive.has(name)) return { ...body, ...siblings };
      this.outDefs[this.cleanName(name)] = body as JsonValue;
      return ref;
    }
    const out = mapSubschemas(node, (sub) => this.walk(sub));
    delete out.$schema;
    delete out.definitions;
    delete out.$defs;
    tidy(out);
    return out;
  }

  private cleanName(name: string): string {
    const known = this.cleanNames.get(name);
    if (known) return known;
    const base = name.replace(/\.[0-9a-f]{6,}$/, '').replace(/[^A-Za-z0-9_]/g, '_') || 'Type';
    const taken = new Set(this.cleanNames.values());
    let clean = base;
    for (let i = 2; taken.has(clean); i++) clean = `${base}_${i}`;
    this.cleanNames.set(name, clean);
    return clean;
  }
}

/** `required` in property order, `null` last in type lists. */
function tidy(schema: JsonSchema): void {
  const properties = schemaMap(schema.properties);
  if (Array.isArray(schema.required) && properties) {
    const order = Object.keys(properties);
    const required = schema.required.filter((r): r is string => typeof r === 'string');
    schema.required = [...new Set(required)].sort((a, b) => rank(order, a) - rank(order, b));
  }
  if (Array.isArray(schema.type)) {
    const types = [...new Set(schema.type)];
    schema.type = [...types.filter((t) => t !== 'null'), ...types.filter((t) => t === 'null')];
  }
}

function rank(order: string[], name: string): number {
  const index = order.indexOf(name);
  return index === -1 ? order.length : index;
}

function refName(ref: JsonValue | undefined): string | undefined {
  if (typeof ref !== 'string') return undefined;
  const match = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(ref);
  return match ? decodeURIComponent(match[1]).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}
