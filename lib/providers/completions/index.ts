/** The Chat Completions wire family: `chat-ts/completions`. @packageDocumentation */
export {
  ChatCompletionsBuilder,
} from './completions.builder';
export {
  ChatCompletionsProvider,
} from './completions.provider';
export {
  CompletionsBuilderBase,
} from './completions-builder.base';
export type {
  PresetDefaults,
} from './completions-builder.base';
export type {
  ChatCompletionsConfig,
  CompletionsEmbeddingOptions,
  EmbeddingDialect,
  StructuredOutputMode,
} from './completions-config.types';
export { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
export type { HttpBuilderSettings } from '../shared/http-provider-builder.base';
export type { ResponseMappingContext } from './completions-response.mapper';
export {
  COMPLETIONS_PRESET,
} from './completions.builder';
export {
  CompletionsPresetBuilder,
} from './completions-builder.base';
export type {
  CompletionsPreset,
} from './completions-builder.base';
export {
  BEARER_CREDENTIAL,
  HttpProviderKernel,
} from '../shared/http-provider.kernel';
export type {
  CallOptions,
  CredentialStyle,
  ErrorResponseMapper,
  HeaderOptions,
  HttpProviderKernelConfig,
  WithoutConnection,
} from '../shared/http-provider.kernel';
export type {
  FrameParser,
  FrameParserFactory,
  WireStreamMapper,
} from '../shared/event-stream';
export type {
  SseEvent,
} from '../../transport/sse.parser';
export type {
  ConnectionSpec,
  ResolvedConnection,
} from '../shared/http-provider-builder.base';
export type {
  BodyQuirk,
  DropFieldQuirk,
  RenameFieldQuirk,
  RestrictFieldQuirk,
} from '../shared/body.quirks';
export type {
  CompletionsContentPart,
  CompletionsMessage,
  CompletionsRequestBody,
  CompletionsToolCall,
} from './completions-wire.types';
export type {
  CompletionsRequestDialect,
} from './completions-request.dialect';
export type {
  ErrorBodyFields,
  ErrorBodyReader,
} from '../shared/error-body.handler';
