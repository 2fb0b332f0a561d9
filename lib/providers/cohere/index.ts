/** Cohere on its native v2 API (`/v2/chat`, `/v2/embed`): `chat-ts/cohere`. @packageDocumentation */
export { COHERE_API_KEY_ENV, COHERE_BASE_URL, CohereBuilder } from './cohere.builder';
export type { CohereBuilderSettings } from './cohere.builder';
export { CohereProvider } from './cohere.provider';
export type { CohereProviderConfig } from './cohere.provider';
export { COHERE_PROVIDER_ID, toCohereRequest } from './cohere-request.mapper';
export type { CohereMappedRequest } from './cohere-request.mapper';
