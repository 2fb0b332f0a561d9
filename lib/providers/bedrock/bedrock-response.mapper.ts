import type { ContentPart, Source } from '../../core/content-part.types';
import type { FinishReason } from '../../core/finish-reason.types';
import type { JsonValue } from '../../core/json.types';
import type { ProviderResponse } from '../../core/provider.types';
import type { Usage } from '../../core/usage.types';
import { guardrailWarning } from './bedrock-converse.options';
import { BEDROCK_PROVIDER_ID } from './bedrock-request.mapper';

type Obj = { readonly [key: string]: unknown };
export const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Converse `stopReason` → chat-ts finish reason (the raw value kept). */
export function bedrockFinishReason(stopReason: unknown, toolCalls: boolean): FinishReason {
  const raw = str(stopReason) ?? 'unknown';
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: toolCalls ? 'tool-calls' : 'stop', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'guardrail_intervened':
    case 'content_filtered':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw };
  }
}

/** Converse `usage` → chat-ts usage: input tokens count cache reads and writes too (`inputTokens` is the uncached part). */
export function bedrockUsage(usage: unknown): Usage {
  const u = obj(usage) ?? {};
  const uncached = num(u.inputTokens) ?? 0;
  const cacheRead = num(u.cacheReadInputTokens);
  const cacheWrite = num(u.cacheWriteInputTokens);
  const output = num(u.outputTokens) ?? 0;
  const input = uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const out: Usage = { inputTokens: input, outputTokens: output, totalTokens: input + output };
  if (cacheRead !== undefined) out.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) out.cacheCreationTokens = cacheWrite;
  return out;
}

/**
 * One Converse citation as a source: a web location's URL, or `document:<index>` for a document
 * location (`documentChar`, `documentPage`, `documentChunk`), with the title Bedrock gives.
 */
export function bedrockCitationSource(c: unknown): Source | undefined {
  const citation = obj(c);
  const location = obj(citation?.location);
  const web = obj(location?.web);
  const document = obj(location?.documentChar) ?? obj(location?.documentPage) ?? obj(location?.documentChunk);
  const url = str(web?.url) ?? (document?.documentIndex !== undefined ? `document:${String(document.documentIndex)}` : undefined);
  const title = str(citation?.title) ?? str(web?.domain);
  return url || title ? { url: url ?? '', ...(title ? { title } : {}) } : undefined;
}

/** The sources of a `citationsContent` block. */
function citationSources(citations: unknown): Source[] {
  return (Array.isArray(citations) ? citations : []).flatMap((c) => bedrockCitationSource(c) ?? []);
}

/**
 * One Converse content block → chat-ts parts. `jsonTool`: the structured-output tool, whose input
 * becomes the answer's JSON text.
 */
export function bedrockBlockParts(block: unknown, model: string, jsonTool: string | undefined): ContentPart[] {
  const b = obj(block) ?? {};
  if (typeof b.text === 'string') return b.text === '' ? [] : [{ type: 'text', text: b.text }];
  const toolUse = obj(b.toolUse);
  if (toolUse) {
    const name = str(toolUse.name) ?? '';
    const input = (toolUse.input ?? {}) as JsonValue;
    if (jsonTool !== undefined && name === jsonTool) return [{ type: 'text', text: JSON.stringify(input) }];
    // Converse sends `input` as a JSON object: no `rawArguments` (the engine reads that field as "did not parse").
    return [{ type: 'tool-call', id: str(toolUse.toolUseId) ?? '', name, arguments: input, status: 'pending', origin: { provider: BEDROCK_PROVIDER_ID, model } }];
  }
  const reasoning = obj(b.reasoningContent);
  if (reasoning) {
    const text = obj(reasoning.reasoningText);
    if (text) return [{ type: 'reasoning', text: str(text.text) ?? '', ...(str(text.signature) ? { signature: str(text.signature) } : {}), origin: { provider: BEDROCK_PROVIDER_ID, model } }];
    const redacted = str(reasoning.redactedContent);
    if (redacted) return [{ type: 'reasoning', text: '', redacted: true, data: redacted, origin: { provider: BEDROCK_PROVIDER_ID, model } }];
    return [];
  }
  const cited = obj(b.citationsContent);
  if (cited) {
    const text = (Array.isArray(cited.content) ? cited.content : []).map((c) => str(obj(c)?.text) ?? '').join('');
    const sources = citationSources(cited.citations);
    return [{ type: 'text', text, ...(sources.length > 0 ? { sources } : {}) }];
  }
  return [];
}

/** A Converse response body → a chat-ts response (parts, usage with cache tokens, finish reason). */
export function fromBedrockResponse(body: unknown, model: string, jsonTool: string | undefined): ProviderResponse {
  const b = obj(body);
  const message = obj(obj(b?.output)?.message);
  if (!b || !message || !Array.isArray(message.content)) throw new Error('no output.message.content');
  const parts = message.content.flatMap((block) => bedrockBlockParts(block, model, jsonTool));
  const toolCalls = parts.some((p) => p.type === 'tool-call');
  const finishReason = bedrockFinishReason(b.stopReason, toolCalls);
  const forced = jsonTool !== undefined && finishReason.raw === 'tool_use' && !toolCalls ? { unified: 'stop' as const, raw: finishReason.raw } : finishReason;
  const guardrail = guardrailWarning(str(b.stopReason), b.trace);
  return { parts, usage: bedrockUsage(b.usage), finishReason: forced, metadata: { model, provider: BEDROCK_PROVIDER_ID }, ...(guardrail ? { warnings: [guardrail] } : {}) };
}
