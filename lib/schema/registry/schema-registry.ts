import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SchemaRegistryError } from '../../errors/schema-registry.error';
import { modulePathOf } from './module-path';
import { SCHEMA_REGISTRY_VERSION, type RegistrySchemaEntry, type RegistryToolEntry, type SchemaRegistryFile } from './schema-registry.types';
import { hashSource } from './source-hash';

/** Options of a loaded registry. */
export interface SchemaRegistryOptions {
  /** Where stale-entry warnings go (default: `process.emitWarning`). */
  readonly onWarning?: (message: string) => void;
}

/**
 * A loaded `chat-ts.schemas.json`. Finds the entry of a class from the module file that defined it
 * (recorded by `@Schema()`/`@Tool()`) and its declared name; an entry whose source files changed
 * since the registry was generated is stale: a warning once, then `undefined` (the run-time path).
 * Sources that are not on disk (a deployment without `src/`) are trusted.
 */
export class SchemaRegistry {
  /** Absolute project directory. */
  readonly projectDir: string;
  private readonly schemaIndex = new Map<string, RegistrySchemaEntry>();
  private readonly toolIndex = new Map<string, RegistryToolEntry>();
  private readonly fileState = new Map<string, boolean>();
  private readonly warned = new Set<string>();
  private readonly onWarning: (message: string) => void;

  constructor(
    readonly file: SchemaRegistryFile,
    /** Absolute path of the registry file. */
    readonly path: string,
    options: SchemaRegistryOptions = {},
  ) {
    this.projectDir = resolve(dirname(path), file.projectDir);
    this.onWarning = options.onWarning ?? ((message) => process.emitWarning(message, { code: 'CHAT_TS_STALE_SCHEMA' }));
    for (const entry of Object.values(file.schemas)) this.schemaIndex.set(`${entry.module}#${entry.className}`, entry);
    for (const entry of Object.values(file.tools)) this.toolIndex.set(`${entry.module}#${entry.className}.${entry.method}`, entry);
  }

  /**
   * Reads and checks a registry file.
   * @throws SchemaRegistryError when it is missing, not JSON, or of another format version.
   */
  static fromFile(path: string, options: SchemaRegistryOptions = {}): SchemaRegistry {
    const absolute = resolve(path);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      throw new SchemaRegistryError(absolute, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new SchemaRegistryError(absolute, 'is not valid JSON; run `npx chat-ts schema` again', { cause: error });
    }
    const file = parsed as Partial<SchemaRegistryFile> | null;
    if (!file || typeof file !== 'object' || file.version !== SCHEMA_REGISTRY_VERSION) {
      throw new SchemaRegistryError(absolute, `has format version ${String(file?.version)}, expected ${SCHEMA_REGISTRY_VERSION}; run \`npx chat-ts schema\` again`);
    }
    if (typeof file.projectDir !== 'string' || typeof file.rootDir !== 'string' || !file.schemas || !file.tools || !file.files) {
      throw new SchemaRegistryError(absolute, 'is missing projectDir, rootDir, files, schemas or tools');
    }
    return new SchemaRegistry(file as SchemaRegistryFile, absolute, options);
  }

  /** Module path of a running file, relative to the project (`src/weather`), or undefined outside it. */
  moduleOf(file: string): string | undefined {
    return modulePathOf(file, this.projectDir, this.file.rootDir, this.file.outDir);
  }

  /** The fresh schema entry of a class defined in `file`, if any. */
  schemaFor(file: string | undefined, className: string): RegistrySchemaEntry | undefined {
    const module = file === undefined ? undefined : this.moduleOf(file);
    if (module === undefined) return undefined;
    const entry = this.schemaIndex.get(`${module}#${className}`);
    return entry && this.isFresh(`${entry.module}#${entry.export}`, entry.sources) ? entry : undefined;
  }

  /** The fresh tool entry of `className.method` defined in `file`, if any. */
  toolFor(file: string | undefined, className: string, method: string): RegistryToolEntry | undefined {
    const module = file === undefined ? undefined : this.moduleOf(file);
    if (module === undefined) return undefined;
    const entry = this.toolIndex.get(`${module}#${className}.${method}`);
    return entry && this.isFresh(`${entry.module}#${entry.export}.${entry.method}`, entry.sources) ? entry : undefined;
  }

  /** A schema entry by key (e.g. a tool's `arguments`), if present and fresh. */
  schemaByKey(key: string): RegistrySchemaEntry | undefined {
    const entry = this.file.schemas[key];
    return entry && this.isFresh(key, entry.sources) ? entry : undefined;
  }

  private isFresh(key: string, sources: readonly string[]): boolean {
    const changed = sources.filter((source) => !this.sourceUnchanged(source));
    if (changed.length === 0) return true;
    if (!this.warned.has(key)) {
      this.warned.add(key);
      this.onWarning(
        `chat-ts: schema registry entry ${key} is stale (${changed.join(', ')} changed since \`chat-ts schema\` ran); ` +
          `using the run-time schema. Run \`npx chat-ts schema\` to refresh ${this.path}.`,
      );
    }
    return false;
  }

  private sourceUnchanged(source: string): boolean {
    const known = this.fileState.get(source);
    if (known !== undefined) return known;
    let unchanged = true;
    try {
      unchanged = hashSource(readFileSync(resolve(this.projectDir, source), 'utf8')) === this.file.files[source];
    } catch {
      unchanged = true;
    }
    this.fileState.set(source, unchanged);
    return unchanged;
  }
}
