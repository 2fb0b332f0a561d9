/** Azure OpenAI: `chat-ts/azure`. @packageDocumentation */
export {
  AZURE_COGNITIVE_SERVICES_SCOPE,
  AZURE_OPENAI_API_KEY_ENV,
  AZURE_OPENAI_API_VERSION_ENV,
  AZURE_OPENAI_ENDPOINT_ENV,
  AZURE_OPENAI_RESOURCE_ENV,
  AzureOpenAIBuilder,
} from './azure.builder';
export type { AzureApi, AzureBuilderSettings, AzureCompletionsOptions, AzureProvider, AzureResponsesOptions, AzureTokenCredential } from './azure.builder';
export { azureRoot, azureUrl } from './azure-request.signer';
export type { AzureEndpoint } from './azure-request.signer';
export { filteredCategories, mapAzureError } from './azure-error.mapper';
export { AccessTokenCache } from '../shared/access-token.cache';
export type { AccessToken, TokenProvider } from '../shared/access-token.cache';
export { SigningTransport } from '../shared/signing.transport';
export type { RequestSigner } from '../shared/signing.transport';
export { ChatCompletionsProvider } from '../completions/completions.provider';
export { OpenAIProvider } from '../openai/openai.provider';
