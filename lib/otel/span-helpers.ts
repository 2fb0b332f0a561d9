import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { isChatError } from '../core/chat.error';
import type { GenerationOptions } from '../core/provider.types';
import type { Usage } from '../core/usage.types';
import { CHAT_TS, GEN_AI } from './gen-ai.attributes';

/** The `error.type` of a failure: the chat-ts error class (`RateLimitError`...), else the error's name, else `_OTHER`. */
export function errorTypeOf(error: unknown): string {
  if (error instanceof Error && error.name && error.name !== 'Error') return error.name;
  if (error instanceof Error) return error.constructor.name || '_OTHER';
  return '_OTHER';
}

/** Marks `span` failed with `error`: status, `error.type`, retryable flag, and an exception event (name and message only). */
export function recordFailure(span: Span, error: unknown): string {
  const type = errorTypeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  span.setAttribute(GEN_AI.errorType, type);
  if (isChatError(error)) span.setAttribute(CHAT_TS.retryable, error.isRetryable);
  span.recordException({ name: type, message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  return type;
}

/** `gen_ai.request.*` attributes of generation options. */
export function requestAttributes(options: GenerationOptions | undefined): Attributes {
  const attributes: Attributes = {};
  if (!options) return attributes;
  if (options.maxTokens !== undefined) attributes[GEN_AI.requestMaxTokens] = options.maxTokens;
  if (options.temperature !== undefined) attributes[GEN_AI.requestTemperature] = options.temperature;
  if (options.topP !== undefined) attributes[GEN_AI.requestTopP] = options.topP;
  if (options.topK !== undefined) attributes[GEN_AI.requestTopK] = options.topK;
  if (options.seed !== undefined) attributes[GEN_AI.requestSeed] = options.seed;
  if (options.stop?.length) attributes[GEN_AI.requestStopSequences] = [...options.stop];
  return attributes;
}

/** `gen_ai.usage.*` attributes of a usage. */
export function usageAttributes(usage: Usage): Attributes {
  const attributes: Attributes = { [GEN_AI.usageInputTokens]: usage.inputTokens, [GEN_AI.usageOutputTokens]: usage.outputTokens };
  if (usage.cachedInputTokens !== undefined) attributes[GEN_AI.usageCacheReadInputTokens] = usage.cachedInputTokens;
  if (usage.cacheCreationTokens !== undefined) attributes[GEN_AI.usageCacheCreationInputTokens] = usage.cacheCreationTokens;
  if (usage.reasoningTokens !== undefined) attributes[GEN_AI.usageReasoningOutputTokens] = usage.reasoningTokens;
  return attributes;
}
