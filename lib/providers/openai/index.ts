/** OpenAI on the Responses API, with embeddings. @packageDocumentation */
export * from './openai.builder';
export * from './openai.provider';
export * from './openai-embeddings.mapper';
export { ResponsesProvider, type ResponsesConfig, type WebSearchOptions, type ImageGenerationOptions } from '../responses';
