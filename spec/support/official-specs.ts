import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { fixturesRoot } from './fixtures';

/**
 * The providers' official OpenAPI documents in `../shared/specs`, and an ajv validator of request
 * bodies against their request schemas, with an unknown-field check where a schema leaves its
 * objects open.
 *
 * The folder is found beside the recorded fixtures (the same lookup as {@link fixturesRoot}:
 * `CHAT_TS_FIXTURES`, `../shared`, or two levels up for a worktree), or from `CHAT_TS_SPECS`.
 *
 * @example
 * describeWithSpecs('request bodies', (specs) => {
 *   const check = specs.schema('openai-openapi.yaml', 'CreateChatCompletionRequest');
 *   expect(check(body)).toEqual([]);
 * });
 */

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The specs folder, or undefined when it is not there. */
export function specsRoot(): string | undefined {
  const fixtures = fixturesRoot();
  const candidates = [
    process.env.CHAT_TS_SPECS,
    fixtures ? join(dirname(fixtures), 'specs') : undefined,
    resolve(REPO_ROOT, '..', 'shared', 'specs'),
    resolve(REPO_ROOT, '..', '..', 'shared', 'specs'),
  ];
  return candidates.find((c): c is string => !!c && existsSync(join(c, 'openai-openapi.yaml')));
}

type Schema = { [key: string]: unknown };
/** Checks one body; returns the problems found (empty: conforms). */
export type BodyCheck = (body: unknown) => string[];

/** The loaded specs: one ajv instance holding every document, so `$ref`s resolve across a document. */
export class OfficialSpecs {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
  private readonly documents = new Map<string, Schema>();
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor(private readonly root: string) {
    addFormats(this.ajv);
  }

  /** A checker of bodies against `components.schemas[name]` of a spec file: schema errors, then unknown fields. */
  schema(file: string, name: string): BodyCheck {
    const doc = this.document(file);
    const schemas = (doc.components as Schema | undefined)?.schemas as Schema | undefined;
    const target = schemas?.[name] as Schema | undefined;
    if (!target) throw new Error(`${file} has no components.schemas.${name}`);
    return (body) => {
      const validate = this.validator(target);
      const errors = validate(body) ? [] : summarise(name, validate.errors ?? []);
      return [...errors, ...this.unknownFields(body, target, name)];
    };
  }

  private document(file: string): Schema {
    let doc = this.documents.get(file);
    if (doc) return doc;
    const text = readFileSync(join(this.root, file), 'utf8');
    const parsed = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })) as Schema;
    doc = absoluteRefs(parsed, file) as Schema;
    this.ajv.addSchema({ ...doc, $id: file }, file);
    this.documents.set(file, doc);
    return doc;
  }

  private validator(schema: object): ValidateFunction {
    let fn = this.compiled.get(schema);
    if (!fn) this.compiled.set(schema, (fn = this.ajv.compile(schema)));
    return fn;
  }

  private resolveRef(schema: Schema): Schema {
    let s = schema;
    for (let guard = 0; typeof s.$ref === 'string' && guard < 20; guard++) {
      const [file, pointer] = (s.$ref as string).split('#');
      let node: unknown = this.document(file);
      for (const seg of pointer.split('/').filter(Boolean)) node = (node as Schema)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
      s = node as Schema;
    }
    return s;
  }

  /**
   * Keys of `value` that the schema does not declare, where it declares `properties` and leaves
   * `additionalProperties` open; walks nested objects and arrays; for `anyOf`/`oneOf` it follows
   * the branches that accept the value.
   */
  private unknownFields(value: unknown, schema: Schema | Schema[], path: string): string[] {
    const branches = (Array.isArray(schema) ? schema : [schema]).flatMap((s) => this.branchesOf(value, s));
    if (Array.isArray(value)) {
      const items = branches.map((b) => b.items).filter((i): i is Schema => typeof i === 'object' && i !== null && !Array.isArray(i));
      return items.length === 0 ? [] : value.flatMap((v, i) => this.unknownFields(v, items, `${path}[${i}]`));
    }
    if (typeof value !== 'object' || value === null) return [];
    const declared = new Map<string, Schema[]>();
    let open = false;
    let anyDeclared = false;
    for (const b of branches) {
      if (b.properties) anyDeclared = true;
      for (const [k, v] of Object.entries((b.properties as Schema | undefined) ?? {})) declared.set(k, [...(declared.get(k) ?? []), v as Schema]);
      const extra = b.additionalProperties;
      if (typeof extra === 'object' && extra !== null && Object.keys(extra).length > 0) open = true; // a map: any key is declared
      if (b.patternProperties) open = true;
    }
    const out: string[] = [];
    for (const [k, v] of Object.entries(value as Schema)) {
      const props = declared.get(k);
      if (props) out.push(...this.unknownFields(v, props, `${path}.${k}`));
      else if (anyDeclared && !open) out.push(`${path}.${k}: not a property the spec declares`);
    }
    return out;
  }

  /** The flattened (refs resolved, allOf merged) schemas that describe `value`; only the spec's own schema objects are compiled (cached). */
  private branchesOf(value: unknown, schema: Schema): Schema[] {
    const s = this.resolveRef(schema);
    const alternatives = [...((s.anyOf as Schema[] | undefined) ?? []), ...((s.oneOf as Schema[] | undefined) ?? [])];
    const base: Schema = { ...s };
    delete base.anyOf;
    delete base.oneOf;
    let flat: Schema[] = [base];
    for (const part of (s.allOf as Schema[] | undefined) ?? []) {
      const sub = this.branchesOf(value, part);
      flat = flat.flatMap((f) => sub.map((x) => merge(f, x)));
    }
    if (alternatives.length === 0) return flat;
    const accepting = alternatives.filter((a) => this.validator(a)(value));
    const chosen = (accepting.length > 0 ? accepting : alternatives).flatMap((a) => this.branchesOf(value, a));
    return flat.flatMap((f) => chosen.map((c) => merge(f, c)));
  }
}

/**
 * Ajv's errors, one line per failing location: a union that matched no branch reports every
 * branch's errors, so the deepest locations are kept (they say what is wrong) with their first message.
 */
function summarise(name: string, errors: readonly ErrorObject[]): string[] {
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) if (!byPath.has(e.instancePath)) byPath.set(e.instancePath, e);
  const paths = [...byPath.keys()];
  const deepest = paths.filter((p) => !paths.some((q) => q !== p && q.startsWith(`${p}/`)));
  return deepest.map((p) => {
    const e = byPath.get(p)!;
    return `${name}${p} ${e.message} ${JSON.stringify(e.params)}`;
  });
}

function merge(a: Schema, b: Schema): Schema {
  const props = { ...((a.properties as Schema | undefined) ?? {}), ...((b.properties as Schema | undefined) ?? {}) };
  const out: Schema = { ...a, ...b };
  if (a.properties || b.properties) out.properties = props;
  if (a.additionalProperties === false || b.additionalProperties === false) out.additionalProperties = a.properties && b.properties ? false : (b.additionalProperties ?? a.additionalProperties);
  return out;
}

/**
 * Rewrites local `#/...` refs to `<file>#/...`, so any sub-schema compiles on its own, `oneOf` to
 * `anyOf`, and the OpenAPI 3.0 `nullable: true` some 3.1 documents still carry into JSON Schema
 * (`null` allowed).
 */
function absoluteRefs(node: unknown, file: string): unknown {
  if (Array.isArray(node)) return node.map((n) => absoluteRefs(n, file));
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${file}${v}` : absoluteRefs(v, file);
  // The specs write unions as `oneOf` whose branches overlap (OpenAI's EasyInputMessage and
  // InputMessage both accept a user message): read as `anyOf`, "matches one of these".
  if (Array.isArray(out.oneOf) && !Array.isArray(out.anyOf)) {
    out.anyOf = out.oneOf;
    delete out.oneOf;
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
    else if (Array.isArray(out.oneOf)) out.oneOf = [...out.oneOf, { type: 'null' }];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  } else if ('nullable' in out && typeof out.nullable === 'boolean') {
    delete out.nullable;
  }
  return out;
}

/**
 * Registers `body` as a describe block when the specs exist. Otherwise registers one test that
 * logs "official specs not found, request-body conformance not run" (or fails when `CI` is set).
 */
export function describeWithSpecs(title: string, body: (specs: OfficialSpecs) => void): void {
  const root = specsRoot();
  describe(title, () => {
    if (root) return body(new OfficialSpecs(root));
    it('needs the official specs in ../shared/specs', () => {
      if (process.env.CI) throw new Error('official specs not found (../shared/specs) and CI is set: request-body conformance must run on CI');
      console.log('official specs not found, request-body conformance not run');
    });
  });
}
