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
