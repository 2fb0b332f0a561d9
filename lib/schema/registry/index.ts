export * from './schema-registry.types';
export * from './schema-registry';
export * from './schema-registry.loader';
