/** OpenAI on the Responses API, with embeddings. @packageDocumentation */
export {
  OPENAI_API_KEY_ENV,
  OPENAI_BASE_URL,
  OpenAIBuilder,
} from './openai.builder';
export {
  OPENAI_EMBEDDING_BATCH_SIZE,
  OPENAI_EMBEDDING_BATCH_TOKENS,
  OpenAIProvider,
} from './openai.provider';
export type {
  OpenAIConfig,
} from './openai.provider';
export type {
  OpenAIEmbeddingSettings,
} from './openai-embeddings.mapper';
export { ResponsesProvider, type ResponsesConfig, type WebSearchOptions, type ImageGenerationOptions } from '../responses';
export {
  OPENAI_PRESET,
} from './openai.builder';
