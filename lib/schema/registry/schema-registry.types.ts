import type { JsonSchema } from '../../core/json.types';

/** Format version of `chat-ts.schemas.json`. */
export const SCHEMA_REGISTRY_VERSION = 1;

/** Default file name of the registry `npx chat-ts schema` writes. */
export const SCHEMA_REGISTRY_FILE = 'chat-ts.schemas.json';

/**
 * The registry file `npx chat-ts schema` writes: build-time JSON Schemas of `@Tool()` argument
 * classes and `@Schema()` classes, and `@Tool()` method descriptions (JSDoc). Entries are keyed by
 * module path (relative to the project, without extension) plus export name: `src/weather#WeatherArgs`,
 * `src/weather#WeatherTools.getWeather` for tools.
 */
export interface SchemaRegistryFile {
  readonly version: typeof SCHEMA_REGISTRY_VERSION;
  /** The project directory (where the tsconfig is), relative to the registry file. */
  readonly projectDir: string;
  /** Source root, relative to the project directory (maps compiled files back to sources). */
  readonly rootDir: string;
  /** Compiler output directory, relative to the project directory, when the tsconfig has one. */
  readonly outDir?: string;
  /** Hash of every source file an entry depends on (path relative to the project directory). */
  readonly files: { readonly [path: string]: string };
  readonly schemas: { readonly [key: string]: RegistrySchemaEntry };
  readonly tools: { readonly [key: string]: RegistryToolEntry };
}

/** A class's build-time schema. */
export interface RegistrySchemaEntry {
  /** Module path relative to the project directory, without extension, e.g. `src/weather`. */
  readonly module: string;
  /** Export name (`default` for a default export). */
  readonly export: string;
  /** The name the class is declared with. */
  readonly className: string;
  /** Canonical JSON Schema (before class-validator refinement, which happens at load time). */
  readonly schema: JsonSchema;
  /** The class's JSDoc. */
  readonly description?: string;
  /** Source files the schema depends on (keys of `files`). */
  readonly sources: readonly string[];
}

/** A `@Tool()` method. */
export interface RegistryToolEntry {
  readonly module: string;
  readonly export: string;
  readonly className: string;
  readonly method: string;
  /** The method's JSDoc. */
  readonly description?: string;
  /** Key of the arguments class's entry in `schemas`; absent for tools without arguments. */
  readonly arguments?: string;
  readonly sources: readonly string[];
}
