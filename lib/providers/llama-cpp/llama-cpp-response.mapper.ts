import { randomUUID } from 'node:crypto';
import type { ContentPart, PartOrigin, ToolCallPart } from '../../core/content-part.types';
import type { JsonValue } from '../../core/json.types';
import type { ProviderResponse } from '../../core/provider.types';
import type { Usage } from '../../core/usage.types';
import { toFinishReason } from './llama-cpp-finish-reason.mapper';
import { LLAMA_CPP_PROVIDER } from './llama-cpp-history.mapper';

/** The part of node-llama-cpp's `LlamaChatResponse` this provider reads. */
export interface LlamaGenerationResult {
  readonly fullResponse: ReadonlyArray<string | { readonly type: 'segment'; readonly segmentType: string; readonly text: string }>;
  readonly functionCalls?: ReadonlyArray<{ readonly functionName: string; readonly params: unknown }>;
  readonly metadata: { readonly stopReason: string };
}

/** A new tool call id (node-llama-cpp calls have none). */
export function newToolCallId(): string {
  return `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

/**
 * node-llama-cpp function calls as chat-ts tool-call parts, `pending` for the engine to gate and
 * run; nothing has been executed. `ids[i]` (when given) keeps ids already streamed.
 */
export function toToolCallParts(
  calls: LlamaGenerationResult['functionCalls'],
  origin: PartOrigin,
  ids: readonly string[] = [],
): ToolCallPart[] {
  return (calls ?? []).map((call, index) => ({
    type: 'tool-call',
    id: ids[index] ?? newToolCallId(),
    name: call.functionName,
    arguments: (call.params ?? {}) as JsonValue,
    status: 'pending',
    origin,
  }));
}

/** Text and thought segments, in order, as text and reasoning parts (adjacent pieces merged). */
export function toContentParts(result: LlamaGenerationResult, origin: PartOrigin): ContentPart[] {
  const parts: ContentPart[] = [];
  for (const item of result.fullResponse) {
    const last = parts[parts.length - 1];
    if (typeof item === 'string') {
      if (!item) continue;
      if (last?.type === 'text') parts[parts.length - 1] = { ...last, text: last.text + item };
      else parts.push({ type: 'text', text: item });
    } else if (item.text) {
      if (last?.type === 'reasoning') parts[parts.length - 1] = { ...last, text: last.text + item.text };
      else parts.push({ type: 'reasoning', text: item.text, origin });
    }
  }
  return parts;
}

/** A whole node-llama-cpp answer as a provider response. */
export function toProviderResponse(
  result: LlamaGenerationResult,
  context: { readonly model: string; readonly usage: Usage; readonly callIds?: readonly string[] },
): ProviderResponse {
  const origin: PartOrigin = { provider: LLAMA_CPP_PROVIDER, model: context.model };
  const calls = toToolCallParts(result.functionCalls, origin, context.callIds);
  const finishReason = calls.length > 0 ? toFinishReason('functionCalls') : toFinishReason(result.metadata.stopReason);
  return {
    parts: [...toContentParts(result, origin), ...calls],
    usage: context.usage,
    finishReason,
    metadata: { model: context.model, provider: LLAMA_CPP_PROVIDER },
  };
}
