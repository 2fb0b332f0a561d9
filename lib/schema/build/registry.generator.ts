import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type * as TypeScript from 'typescript';
import type { JsonSchema } from '../../core/json.types';
import { toModulePath } from '../registry/module-path';
import {
  SCHEMA_REGISTRY_VERSION, type RegistrySchemaEntry, type RegistryToolEntry, type SchemaRegistryFile,
} from '../registry/schema-registry.types';
import { hashSource } from '../registry/source-hash';
import { normalizeSchema } from '../schema.normalizer';
import { scanDecoratedClasses, type ScannedClass } from './decorated-class.scanner';
import { typeDependencies } from './type-dependencies';
import { loadSchemaToolchain } from './typescript.loader';

/** Options of `generateSchemaRegistry`. */
export interface GenerateRegistryOptions {
  /** Path of the project's tsconfig. */
  readonly tsconfig: string;
  /** Where the registry will be written (paths inside are relative to it). */
  readonly out: string;
}

/** A generated registry and what the generator noticed. */
export interface GeneratedRegistry {
  readonly registry: SchemaRegistryFile;
  readonly warnings: readonly string[];
}

/**
 * Builds the schema registry of a TypeScript project: every `@Schema()` class and every `@Tool()`
 * method's arguments class, through typescript-json-schema (JSDoc → description, optional
 * properties, unions, literal unions, enums, arrays, nested classes, `@minimum`-style tags), in
 * canonical form, with a hash of each source file it depends on. Deterministic (no timestamps).
 */
export async function generateSchemaRegistry(options: GenerateRegistryOptions): Promise<GeneratedRegistry> {
  const { tjs, ts } = await loadSchemaToolchain();
  const tsconfig = resolve(options.tsconfig);
  const projectDir = dirname(tsconfig);
  const program = tjs.programFromConfig(tsconfig) as unknown as TypeScript.Program;
  const compilerOptions = program.getCompilerOptions();
  const scan = scanDecoratedClasses(ts, program, projectDir);
  const generator = tjs.buildGenerator(program as never, {
    required: true, uniqueNames: true, strictNullChecks: true, ignoreErrors: true, titles: false, excludePrivate: true,
  });
  if (!generator) throw new Error(`typescript-json-schema could not analyse ${tsconfig}`);
  const symbolRefs = generator.getSymbols();
  const checker = program.getTypeChecker();
  const rel = (file: string): string => relative(projectDir, file).split('\\').join('/');
  const isOwn = (file: string): boolean => {
    const r = relative(projectDir, file);
    return !!r && !r.startsWith('..') && !isAbsolute(r) && !/[\\/]node_modules[\\/]/.test(file);
  };

  const files: { [path: string]: string } = {};
  const schemas: { [key: string]: RegistrySchemaEntry } = {};
  const tools: { [key: string]: RegistryToolEntry } = {};
  const hashAll = (paths: readonly string[]): string[] =>
    paths.map((file) => {
      const path = rel(file);
      files[path] ??= hashSource(readFileSync(file, 'utf8'));
      return path;
    });
  const keyOf = (cls: ScannedClass): string => `${toModulePath(rel(cls.fileName))}#${cls.exportName}`;

  const addSchema = (cls: ScannedClass): string => {
    const key = keyOf(cls);
    if (schemas[key]) return key;
    const ref = symbolRefs.find((r) => r.symbol === (cls.symbol as unknown) || (r.symbol.declarations ?? []).includes(cls.declaration as never));
    if (!ref) throw new Error(`typescript-json-schema did not see class ${cls.className} in ${rel(cls.fileName)}`);
    const schema = normalizeSchema(generator.getSchemaForSymbol(ref.name, true) as JsonSchema);
    schemas[key] = {
      module: toModulePath(rel(cls.fileName)),
      export: cls.exportName as string,
      className: cls.className,
      schema,
      ...(cls.description !== undefined ? { description: cls.description } : {}),
      sources: hashAll(typeDependencies(ts, checker, cls.declaration, isOwn)).sort(),
    };
    return key;
  };

  for (const cls of scan.schemaClasses) addSchema(cls);
  for (const tool of scan.tools) {
    const module = toModulePath(rel(tool.owner.fileName));
    tools[`${module}#${tool.owner.exportName}.${tool.method}`] = {
      module,
      export: tool.owner.exportName as string,
      className: tool.owner.className,
      method: tool.method,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      ...(tool.args ? { arguments: addSchema(tool.args) } : {}),
      sources: hashAll([tool.owner.fileName]),
    };
  }

  const rootDir = compilerOptions.rootDir ?? commonDir(program.getSourceFiles().filter((f) => !f.isDeclarationFile && isOwn(f.fileName)).map((f) => f.fileName)) ?? projectDir;
  const outDir = readOutDir(ts, tsconfig);
  const registry: SchemaRegistryFile = {
    version: SCHEMA_REGISTRY_VERSION,
    projectDir: relative(dirname(resolve(options.out)), projectDir).split('\\').join('/') || '.',
    rootDir: rel(rootDir) || '.',
    ...(outDir ? { outDir: rel(outDir) || '.' } : {}),
    files: sortKeys(files),
    schemas: sortKeys(schemas),
    tools: sortKeys(tools),
  };
  return { registry, warnings: scan.warnings };
}

/** `outDir` as the tsconfig says (typescript-json-schema's program drops it). */
function readOutDir(ts: typeof TypeScript, tsconfig: string): string | undefined {
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  if (read.error) return undefined;
  return ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig), undefined, tsconfig).options.outDir;
}

function commonDir(files: readonly string[]): string | undefined {
  if (files.length === 0) return undefined;
  let common = dirname(files[0]);
  for (const file of files) {
    while (relative(common, file).startsWith('..')) common = dirname(common);
  }
  return common;
}

function sortKeys<T>(map: { [key: string]: T }): { [key: string]: T } {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
