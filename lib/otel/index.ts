/**
 * chat-ts/otel: OpenTelemetry GenAI spans and metrics for chats (needs `@opentelemetry/api`).
 * @packageDocumentation
 */
export { openTelemetry } from './otel.observer';
export type { ContentRecording, TelemetryOptions } from './telemetry-options.types';
export { CHAT_TS, CHAT_TS_EVENT, GEN_AI, GEN_AI_METRIC, GEN_AI_OPERATION, GEN_AI_TOKEN_TYPE, genAiProviderName } from './gen-ai.attributes';
export { DEFAULT_CONTENT_MAX_CHARS } from './content.capture';
