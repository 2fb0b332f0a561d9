/**
 * chat-ts: one typed API for large language models, whatever the provider.
 * The root entry exports the contract, the errors, the engine and the default transport;
 * providers live in their own subpaths (`chat-ts/completions`, `chat-ts/claude`, ...).
 * @packageDocumentation
 */
export * from './core';
export * from './errors';
export * from './transport';
export * from './retry';
export * from './chat';
export * from './decorators';
export * from './tools';
export * from './schema';
// Build-time schema metadata: what the generated `chat-ts.metadata.ts` and apps use (issue 17).
export {
  loadSchemaMetadata, configureSchemas, withSchemaSettings, STRICT_SCHEMAS_ENV, RUNTIME_SCHEMA_WARNING, SCHEMA_METADATA_VERSION,
  type SchemaMetadata, type ClassMetadata, type ClassThunk, type ToolMethodMetadata, type SchemaSettings,
} from './schema/metadata';
export { MissingSchemaMetadataError } from './errors/missing-schema-metadata.error';
