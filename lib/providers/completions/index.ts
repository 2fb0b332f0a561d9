/** The Chat Completions wire family: `chat-ts/completions`. @packageDocumentation */
export * from './completions.builder';
export * from './completions.provider';
export * from './completions-builder.base';
export * from './completions-config.types';
export * from './completions-wire.types';
export * from './completions-error.reader';
export * from './completions-schema.adapter';
export * from './completions-request.mapper';
export * from './completions-response.mapper';
export * from './completions-stream.mapper';
export * from './completions-embeddings.mapper';
export * from './think-tag.splitter';
