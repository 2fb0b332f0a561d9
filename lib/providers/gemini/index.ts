/** The Gemini provider (`chat-ts/gemini`). @packageDocumentation */
export * from './gemini.builder';
export * from './gemini.provider';
export * from './gemini.constants';
export { GEMINI_NATIVE_TOOLS } from './gemini-tools.mapper';
export type { GeminiThinkingOptions } from './gemini-request.mapper';
export type { GeminiSchemaDialect } from './gemini-schema.adapter';
export { adaptSchema as adaptGeminiSchema, toGeminiJsonSchema } from './gemini-schema.adapter';
export { mapGeminiFinishReason } from './gemini-finish-reason.mapper';
export { mapGeminiUsage } from './gemini-usage.mapper';
export { readGeminiError } from './gemini-error.reader';
