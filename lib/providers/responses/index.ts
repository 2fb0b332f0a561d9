/** The Responses API family: any `POST /responses` server. @packageDocumentation */
export {
  ResponsesBuilder,
} from './responses.builder';
export {
  ResponsesBuilderBase,
} from './responses-builder.base';
export type {
  ImageGenerationOptions,
  ResponsesBuilderSettings,
  WebSearchOptions,
} from './responses-builder.base';
export {
  ResponsesProvider,
} from './responses.provider';
export type {
  ReasoningSummaryMode,
  ResponsesConfig,
} from './responses-config.types';
export {
  ResponsesSteeringSession,
} from './responses-steering.session';
export type {
  SteeringSessionOptions,
} from './responses-steering.session';
export {
  SteeredInputQueue,
} from './responses-steered.queue';
export { HttpProviderBuilderBase } from '../shared/http-provider-builder.base';
export type { HttpBuilderSettings } from '../shared/http-provider-builder.base';
export type { ResponseContext } from './responses-response.mapper';
export {
  RESPONSES_PRESET,
} from './responses.builder';
export type {
  ResponsesPreset,
} from './responses-builder.base';
export type {
  SteerableProvider,
  SteerableStream,
} from './responses-steering.types';
