import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SchemaRegistryError } from '../../errors/schema-registry.error';
import { modulePathOf } from './module-path';
import { SCHEMA_REGISTRY_VERSION, type RegistrySchemaEntry, type RegistryToolEntry, type SchemaRegistryFile } from './schema-registry.types';
import { hashSource } from './source-hash';

/** A registry entry and whether its sources are unchanged. */
export interface RegistryLookup<T> {
  readonly entry: T;
  /** False when a source file changed since the registry was generated (a warning was emitted). */
  readonly fresh: boolean;
}

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
    return freshOnly(this.lookupSchema(file, className));
  }

  /** The fresh tool entry of `className.method` defined in `file`, if any. */
  toolFor(file: string | undefined, className: string, method: string): RegistryToolEntry | undefined {
    return freshOnly(this.lookupTool(file, className, method));
  }

  /** A schema entry by key (e.g. a tool's `arguments`), if present and fresh. */
  schemaByKey(key: string): RegistrySchemaEntry | undefined {
    return freshOnly(this.lookupSchemaByKey(key));
  }

  /** The schema entry of a class defined in `file`, fresh or stale (a stale one warns once). */
  lookupSchema(file: string | undefined, className: string): RegistryLookup<RegistrySchemaEntry> | undefined {
    const module = file === undefined ? undefined : this.moduleOf(file);
    const entry = module === undefined ? undefined : this.schemaIndex.get(`${module}#${className}`);
    return entry && { entry, fresh: this.isFresh(`${entry.module}#${entry.export}`, entry.sources) };
  }

  /** The tool entry of `className.method` defined in `file`, fresh or stale (a stale one warns once). */
  lookupTool(file: string | undefined, className: string, method: string): RegistryLookup<RegistryToolEntry> | undefined {
    const module = file === undefined ? undefined : this.moduleOf(file);
    const entry = module === undefined ? undefined : this.toolIndex.get(`${module}#${className}.${method}`);
    return entry && { entry, fresh: this.isFresh(`${entry.module}#${entry.export}.${entry.method}`, entry.sources) };
  }

  /** A schema entry by key, fresh or stale (a stale one warns once). */
  lookupSchemaByKey(key: string): RegistryLookup<RegistrySchemaEntry> | undefined {
    const entry = this.file.schemas[key];
    return entry && { entry, fresh: this.isFresh(key, entry.sources) };
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

function freshOnly<T>(lookup: RegistryLookup<T> | undefined): T | undefined {
  return lookup?.fresh ? lookup.entry : undefined;
}
