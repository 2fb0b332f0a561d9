import type { ContentPart, Source, TextPart, ToolCallPart } from '../../core/content-part.types';
import type { FinishReason } from '../../core/finish-reason.types';
import type { JsonValue } from '../../core/json.types';
import type { ProviderResponse } from '../../core/provider.types';
import type { Usage } from '../../core/usage.types';
import { COHERE_PROVIDER_ID } from './cohere-request.mapper';

type Obj = { readonly [key: string]: unknown };
/** The value as a plain object, or undefined. */
export const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Cohere `finish_reason` → chat-ts finish reason (the raw value kept). */
export function cohereFinishReason(raw: unknown): FinishReason {
  const value = str(raw) ?? 'unknown';
  const unified = ({ COMPLETE: 'stop', STOP_SEQUENCE: 'stop', MAX_TOKENS: 'length', TOOL_CALL: 'tool-calls', ERROR: 'error', TIMEOUT: 'error' } as const)[value as 'COMPLETE'];
  return { unified: unified ?? 'other', raw: value };
}

/** Cohere `usage` → chat-ts usage: the tokens the model saw (`tokens`, else `billed_units`), `cached_tokens` as cached input. */
export function cohereUsage(usage: unknown): Usage {
  const u = obj(usage) ?? {};
  const counted = obj(u.tokens) ?? obj(u.billed_units) ?? {};
  const input = num(counted.input_tokens) ?? 0;
  const output = num(counted.output_tokens) ?? 0;
  const cached = num(u.cached_tokens);
  return { inputTokens: input, outputTokens: output, totalTokens: input + output, ...(cached !== undefined ? { cachedInputTokens: cached } : {}) };
}

/** Tool-call arguments as sent (a JSON string; `"null"` and `""` mean none). */
export function cohereArguments(raw: string): { arguments: JsonValue; rawArguments?: string } {
  if (raw.trim() === '') return { arguments: {} };
  try {
    const parsed = JSON.parse(raw) as JsonValue;
    return { arguments: parsed ?? {} };
  } catch {
    return { arguments: null, rawArguments: raw };
  }
}

/** A tool call of Cohere's as a chat-ts part. */
export function cohereToolCall(id: string, name: string, args: string, model: string): ToolCallPart {
  return { type: 'tool-call', id, name, ...cohereArguments(args), status: 'pending', origin: { provider: COHERE_PROVIDER_ID, model } };
}

/** The `citations` of a message as sources, with the cited character range. */
export function cohereSources(citations: unknown): Source[] {
  return list(citations).flatMap((c) => {
    const citation = obj(c) ?? {};
    const range = { ...(num(citation.start) !== undefined ? { startIndex: num(citation.start) } : {}), ...(num(citation.end) !== undefined ? { endIndex: num(citation.end) } : {}) };
    return list(citation.sources).map((s): Source => {
      const source = obj(s) ?? {};
      const document = obj(source.document) ?? {};
      const title = str(document.title);
      return { url: str(document.url) ?? `${str(source.type) ?? 'document'}:${str(source.id) ?? str(document.id) ?? ''}`, ...(title ? { title } : {}), ...range };
    });
  });
}

/** A `/v2/chat` response body → a chat-ts response: thinking, tool plan (as reasoning), text with citations, tool calls. */
export function fromCohereResponse(body: unknown, model: string): ProviderResponse {
  const b = obj(body);
  const message = obj(b?.message);
  if (!b || !message) throw new Error('no message');
  const origin = { provider: COHERE_PROVIDER_ID, model };
  const parts: ContentPart[] = [];
  const plan = str(message.tool_plan);
  if (plan) parts.push({ type: 'reasoning', text: plan, origin });
  const sources = cohereSources(message.citations);
  for (const c of list(message.content)) {
    const block = obj(c) ?? {};
    if (block.type === 'thinking' && str(block.thinking)) parts.push({ type: 'reasoning', text: str(block.thinking)!, origin });
    if (block.type === 'text' && str(block.text)) parts.push({ type: 'text', text: str(block.text)! });
  }
  const firstText = parts.findIndex((p) => p.type === 'text');
  if (firstText >= 0 && sources.length > 0) parts[firstText] = { ...(parts[firstText] as TextPart), sources };
  for (const c of list(message.tool_calls)) {
    const call = obj(c) ?? {};
    const fn = obj(call.function) ?? {};
    parts.push(cohereToolCall(str(call.id) ?? '', str(fn.name) ?? '', str(fn.arguments) ?? '', model));
  }
  return { parts, usage: cohereUsage(b.usage), finishReason: cohereFinishReason(b.finish_reason), metadata: { ...(str(b.id) ? { id: str(b.id) } : {}), model, provider: COHERE_PROVIDER_ID } };
}
