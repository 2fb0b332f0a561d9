export * from './schema-metadata.types';
export { loadSchemaMetadata, hasSchemaMetadata, resetSchemaMetadata } from './schema-metadata.store';
export * from './schema-settings';
export { RUNTIME_SCHEMA_WARNING } from './missing-schema.notice';
