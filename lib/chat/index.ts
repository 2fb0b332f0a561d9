/** The chat engine: `ChatBuilder`, `Chat`, stream operators and the engine's types. */
export * from './chat.types';
export * from './builder-state.types';
export * from './chat.builder';
export * from './chat';
export * from './model-caller';
export * from './retrying.caller';
export * from './request-hooks';
export * from './tool-error.policy';
export * from './embedder';
export * from './partial-json.parser';
export * from './operators';
export * from './input';
