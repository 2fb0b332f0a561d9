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
