import type { JsonSchema } from '../../core/json.types';

/** Format version of the metadata `chat-ts schema` generates. */
export const SCHEMA_METADATA_VERSION = 1;

/** A lazy reference to a class (a thunk, so that import cycles cannot leave it undefined). */
export type ClassThunk = () => Function;

/** What the generator knows about one `@Tool()` method. */
export interface ToolMethodMetadata {
  /** The method's JSDoc. */
  readonly description?: string;
  /** The arguments class, read from the parameter's type (works where no `design:paramtypes` is emitted). */
  readonly args?: ClassThunk;
}

/** The build-time metadata of one class, bound to the class itself. */
export interface ClassMetadata {
  /** The class, as the generated module imports it from where it is defined. */
  readonly type: ClassThunk;
  /** The class's name (for messages). */
  readonly name: string;
  /**
   * The class's complete canonical JSON Schema: types, JSDoc descriptions and tags, optionality,
   * unions, enums, nested classes, and the class-validator constraints merged in (explicit source wins).
   */
  readonly schema?: JsonSchema;
  /** The class's JSDoc. */
  readonly description?: string;
  /** Its `@Tool()` methods, by method name. */
  readonly tools?: { readonly [method: string]: ToolMethodMetadata };
}

/**
 * What `chat-ts schema` generates (`src/chat-ts.metadata.ts` exports it as `chatTsMetadata`): the
 * build-time schemas of `@Tool()` argument classes and `@Schema()` classes, bound by class reference.
 * Load it with `import './chat-ts.metadata'` (it loads itself), `loadSchemaMetadata(chatTsMetadata)`
 * or `ChatModule.forRoot({ metadata: chatTsMetadata })`.
 */
export interface SchemaMetadata {
  readonly version: typeof SCHEMA_METADATA_VERSION;
  readonly classes: readonly ClassMetadata[];
}
