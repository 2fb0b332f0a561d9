import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type * as TypeScript from 'typescript';
import type { JsonSchema } from '../../core/json.types';
import { refineSchema } from '../runtime/validator-refiner';
import { normalizeSchema } from '../schema.normalizer';
import { scanDecoratedClasses, type ScannedClass } from './decorated-class.scanner';
import { renderMetadataModule, type MetadataEntry } from './metadata-module.renderer';
import { loadSchemaToolchain } from './typescript.loader';
import { ValidatorDecoratorReader } from './validator-decorators.reader';

/** Default file name of the generated module. */
export const METADATA_FILE = 'chat-ts.metadata.ts';

/** Options of `generateSchemaMetadata`. */
export interface GenerateMetadataOptions {
  /** The tsconfig the build compiles with. */
  readonly tsconfig: string;
  /** Where to write the module (default: `chat-ts.metadata.ts` in the build's root directory, e.g. `src/`). */
  readonly out?: string;
}

/** A generated metadata module and what the generator noticed. */
export interface GeneratedMetadata {
  /** Absolute path the module belongs at. */
  readonly out: string;
  /** The module's text. */
  readonly text: string;
  /** One entry per class, keyed `path#Export` (path relative to the module). */
  readonly entries: readonly MetadataEntry[];
  readonly schemaCount: number;
  readonly toolCount: number;
  readonly warnings: readonly string[];
}

/**
 * Generates the metadata module of a TypeScript build: every `@Schema()` class and every `@Tool()`
 * method's arguments class gets its complete JSON Schema through typescript-json-schema (JSDoc →
 * description, optional properties, unions, literal unions, enums, arrays, nested classes,
 * `@minimum`-style tags), with the class-validator constraints read from the source merged in
 * (explicit source wins); `@Tool()` methods get their JSDoc. The module imports each class from
 * where it is defined, so the binding is by reference. Deterministic (no timestamps).
 */
export function generateSchemaMetadata(options: GenerateMetadataOptions): GeneratedMetadata {
  const tsconfig = resolve(options.tsconfig);
  const projectDir = dirname(tsconfig);
  const { tjs, ts } = loadSchemaToolchain(projectDir);
  const parsed = readTsconfig(ts, tsconfig);
  const out = resolve(options.out ?? join(parsed.options.rootDir ?? commonDir(parsed.fileNames.filter((f) => basename(f) !== METADATA_FILE)) ?? projectDir, METADATA_FILE));
  const isOut = (file: string): boolean => resolve(file) === out;
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true, declaration: false } });
  const scan = scanDecoratedClasses(ts, program, projectDir, isOut);
  const generator = tjs.buildGenerator(program as never, {
    required: true, uniqueNames: true, strictNullChecks: true, ignoreErrors: true, titles: false, excludePrivate: true,
  });
  if (!generator) throw new Error(`typescript-json-schema could not analyse ${tsconfig}`);
  const symbolRefs = generator.getSymbols();
  const reader = new ValidatorDecoratorReader(ts, program.getTypeChecker());
  const entries = new Map<TypeScript.ClassDeclaration, MutableEntry>();
  const entryOf = (cls: ScannedClass): MutableEntry => {
    let entry = entries.get(cls.declaration);
    if (!entry) entries.set(cls.declaration, (entry = { cls, tools: {} }));
    return entry;
  };
  const addSchema = (cls: ScannedClass): void => {
    const entry = entryOf(cls);
    if (entry.schema) return;
    const ref = symbolRefs.find((r) => r.symbol === (cls.symbol as unknown) || (r.symbol.declarations ?? []).includes(cls.declaration as never));
    if (!ref) throw new Error(`typescript-json-schema did not see class ${cls.className} in ${relative(projectDir, cls.fileName)}`);
    const schema = normalizeSchema(generator.getSchemaForSymbol(ref.name, true) as JsonSchema);
    refineSchema(schema, reader.classView(cls.declaration));
    entry.schema = schema;
  };
  for (const cls of scan.schemaClasses) addSchema(cls);
  for (const tool of scan.tools) {
    if (tool.args) addSchema(tool.args);
    entryOf(tool.owner).tools[tool.method] = { description: tool.description, args: tool.args };
  }
  const esm = usesNodeEsm(ts, parsed.options) && isEsmFile(out);
  const rendered = renderMetadataModule({
    out,
    tsconfig: relative(dirname(out), tsconfig).split('\\').join('/'),
    chatTsImport: chatTsSpecifier(projectDir, out),
    esm,
    classes: [...entries.values()].map((e) => ({ ...e.cls, schema: e.schema, tools: e.tools })),
  });
  return { out, text: rendered.text, entries: rendered.entries, schemaCount: [...entries.values()].filter((e) => e.schema).length, toolCount: scan.tools.length, warnings: scan.warnings };
}

interface MutableEntry {
  readonly cls: ScannedClass;
  schema?: JsonSchema;
  readonly tools: { [method: string]: { description?: string; args?: ScannedClass } };
}

/** The tsconfig as the compiler reads it (extends, include/exclude resolved). */
export function readTsconfig(ts: typeof TypeScript, tsconfig: string): TypeScript.ParsedCommandLine {
  const host: TypeScript.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, host);
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  return parsed;
}

/**
 * Whether a file is an ES module for Node: `.mts`, or not `.cts` with `"type": "module"` in the
 * nearest package.json. Under node16/nodenext a CommonJS-format file (a stock `nest new` app) takes
 * extensionless relative imports, and must: webpack (`nest build --webpack`) and jest resolve
 * `./x.js` to a file that does not exist next to `./x.ts`.
 */
function isEsmFile(file: string): boolean {
  if (/\.mts$/.test(file)) return true;
  if (/\.cts$/.test(file)) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module';
    if (dirname(dir) === dir) return false;
  }
}

/** Whether the compiler options are Node's ESM-aware resolution (module/moduleResolution node16 or nodenext). */
function usesNodeEsm(ts: typeof TypeScript, options: TypeScript.CompilerOptions): boolean {
  const { ModuleKind, ModuleResolutionKind } = ts;
  const nodeModules = [ModuleKind.Node16, ModuleKind.NodeNext, (ModuleKind as unknown as Record<string, number>).Node18].filter((k) => k !== undefined);
  return (options.module !== undefined && nodeModules.includes(options.module)) ||
    options.moduleResolution === ModuleResolutionKind.Node16 || options.moduleResolution === ModuleResolutionKind.NodeNext;
}

/**
 * Where the generated module imports chat-ts from: `chat-ts`, except inside the chat-ts repository
 * itself (its samples and specs), where it is the source entry.
 */
function chatTsSpecifier(projectDir: string, out: string): string {
  for (let dir = projectDir; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name;
      if (name !== 'chat-ts' || !existsSync(join(dir, 'lib', 'index.ts'))) return 'chat-ts';
      const rel = relative(dirname(out), join(dir, 'lib')).split('\\').join('/');
      return rel.startsWith('.') ? rel : `./${rel}`;
    }
    if (dirname(dir) === dir) return 'chat-ts';
  }
}

function commonDir(files: readonly string[]): string | undefined {
  if (files.length === 0) return undefined;
  let common = dirname(files[0]);
  for (const file of files) {
    while (relative(common, file).startsWith('..')) common = dirname(common);
  }
  return common;
}
