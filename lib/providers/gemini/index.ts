/** The Gemini provider (`chat-ts/gemini`). @packageDocumentation */
export {
  GeminiBuilder,
} from './gemini.builder';
export type {
  GoogleMapsOptions,
} from './gemini.builder';
export {
  GEMINI_DEFAULT_EMBEDDING_MODEL,
  GeminiProvider,
} from './gemini.provider';
export type {
  GeminiProviderConfig,
} from './gemini.provider';
export {
  GEMINI_API_KEY_ENV,
  GEMINI_DEFAULT_BASE_URL,
  GEMINI_EMBEDDING_BATCH_SIZE,
  GEMINI_GROUNDING_KIND,
  GEMINI_PROVIDER_ID,
  GEMINI_PROVIDER_PART_KINDS,
  GEMINI_SAFETY_KIND,
} from './gemini.constants';
export { GEMINI_NATIVE_TOOLS } from './gemini-tools.mapper';
export type { GeminiThinkingOptions } from './gemini-request.mapper';
export type { GeminiSchemaDialect } from './gemini-schema.adapter';
export { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
export type { HttpBuilderSettings } from '../shared/http-provider-builder.base';
