export * from './constants';
export * from './chat-metadata.storage';
export * from './tool.decorator';
export * from './tool-metadata.accessor';
export * from './schema.decorator';
export * from './field.decorator';
