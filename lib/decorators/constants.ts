/** Metadata keys and shared constants of the chat-ts decorators (one place, namespaced). */

/** Key of the process-wide chat-ts metadata storage on `globalThis`. */
export const METADATA_STORAGE_KEY = Symbol.for('chat-ts.metadata-storage');

/** `@Tool()` method records. */
export const TOOL_METADATA = 'chat-ts:tool';

/** TypeScript's `emitDecoratorMetadata` keys. */
export const DESIGN_TYPE = 'design:type';
export const DESIGN_PARAM_TYPES = 'design:paramtypes';

/** Tool names every provider accepts (OpenAI, Claude and Gemini rules intersected). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;
/** Structured-output names (OpenAI `json_schema.name`). */
export const SCHEMA_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
