export * from './keyword.strategy';
export * from './capability.strategy';
export * from './embedding.strategy';
