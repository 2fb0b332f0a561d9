/** Amazon Bedrock (Converse, ConverseStream, embeddings): `chat-ts/bedrock`. @packageDocumentation */
export { BEDROCK_API_KEY_ENV, BEDROCK_REGION_ENV, BedrockBuilder } from './bedrock.builder';
export type { BedrockBuilderSettings } from './bedrock.builder';
export type { FrameParser, FrameParserFactory } from '../shared/event-stream';
export { BedrockProvider } from './bedrock.provider';
export type { BedrockProviderConfig } from './bedrock.provider';
export { BEDROCK_PROVIDER_ID, toBedrockRequest } from './bedrock-request.mapper';
export type { BedrockMappedRequest } from './bedrock-request.mapper';
export { bedrockFinishReason, bedrockUsage, fromBedrockResponse } from './bedrock-response.mapper';
export { BedrockStreamMapper } from './bedrock-stream.mapper';
export { bedrockFrameParser, hasEventStreamCodec } from './bedrock-event-stream.parser';
export type { BedrockFrame } from './bedrock-event-stream.parser';
export { bedrockStreamException, mapBedrockError } from './bedrock-error.mapper';
export { defaultAwsCredentials, hasSigV4Packages, sigV4Signer } from './bedrock-sigv4.signer';
export type { AwsCredentialProvider, AwsCredentials } from './bedrock-sigv4.signer';
export { guardrailCategories } from './bedrock-converse.options';
export type { BedrockCachePoint, BedrockConverseOptions, BedrockGuardrail } from './bedrock-converse.options';
