import type { ContentPart, PartOrigin, Source, TextPart, ToolCallPart } from '../../core/content-part.types';
import type { FinishReason } from '../../core/finish-reason.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { ProviderResponse } from '../../core/provider.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { CLAUDE_PROVIDER_ID, claudeErrorFromBody } from './claude-error.reader';
import { mapClaudeStopReason } from './claude-finish-reason.mapper';
import { mapClaudeUsage } from './claude-usage.mapper';
import type { ClaudeResponseBlock, ClaudeResponseBody, ClaudeUsage } from './claude-wire.types';

/** What the response mappers need to know about the request. */
export interface ClaudeResponseContext {
  /** The model asked for (used when the response names none). */
  readonly model: string;
  /** The structured-output tool, when structured output was forced through a tool. */
  readonly jsonTool?: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sources(citations: JsonValue[] | null | undefined): Source[] | undefined {
  if (!Array.isArray(citations)) return undefined;
  const out: Source[] = [];
  for (const c of citations) {
    if (isObject(c) && typeof c.url === 'string') out.push(typeof c.title === 'string' ? { url: c.url, title: c.title } : { url: c.url });
  }
  return out.length > 0 ? out : undefined;
}

/** Tool input as JSON: objects as they are; a string (an unparsed stream fragment) parsed when it can be. */
function toolArguments(input: JsonValue | undefined): { arguments: JsonValue; rawArguments?: string } {
  if (typeof input !== 'string') return { arguments: input ?? {} };
  if (input.trim() === '') return { arguments: {} };
  try {
    return { arguments: JSON.parse(input) as JsonValue };
  } catch {
    return { arguments: null, rawArguments: input };
  }
}

function blockToPart(block: ClaudeResponseBlock, origin: PartOrigin): ContentPart | undefined {
  switch (block.type) {
    case 'text': {
      if (typeof block.text !== 'string' || block.text === '') return undefined;
      const found = sources(block.citations);
      const part: TextPart = found ? { type: 'text', text: block.text, sources: found } : { type: 'text', text: block.text };
      return part;
    }
    case 'thinking':
      return { type: 'reasoning', text: block.thinking ?? '', ...(block.signature ? { signature: block.signature } : {}), origin };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', data: block.data ?? '', redacted: true, origin };
    case 'tool_use':
      return { type: 'tool-call', id: block.id ?? '', name: block.name ?? '', ...toolArguments(block.input), status: 'pending', origin };
    case 'server_tool_use':
      return { type: 'tool-call', id: block.id ?? '', name: block.name ?? '', ...toolArguments(block.input), status: 'completed', native: true, origin };
    default:
      return { type: 'provider', kind: block.type, data: block as JsonObject, origin };
  }
}

/**
 * Maps Claude content blocks to parts: text (with citation sources), thinking and redacted thinking
 * as reasoning parts carrying `origin`, `tool_use` as tool calls, `server_tool_use` as native calls,
 * anything else (server tool results, compaction, ...) as `provider` parts kept for Claude only.
 * With a structured-output tool, its input becomes the only answer text.
 */
export function claudeBlocksToParts(blocks: readonly ClaudeResponseBlock[], origin: PartOrigin, jsonTool?: string): ContentPart[] {
  const parts: ContentPart[] = [];
  const seen = new Set<string>();
  let json: ContentPart | undefined;
  for (const block of blocks) {
    if (!isObject(block) || typeof block.type !== 'string') continue;
    if (block.type === 'tool_use' && jsonTool !== undefined && block.name === jsonTool && json === undefined) {
      const args = toolArguments(block.input);
      json = { type: 'text', text: args.rawArguments ?? JSON.stringify(args.arguments) };
      parts.push(json);
      continue;
    }
    if ((block.type === 'tool_use' || block.type === 'server_tool_use') && block.id) {
      if (seen.has(block.id)) continue;
      seen.add(block.id);
    }
    const part = blockToPart(block, origin);
    if (part) parts.push(part);
  }
  return json ? parts.filter((p) => p.type !== 'text' || p === json) : parts;
}

/** The finish reason, with a structured-output tool call counted as a normal stop. */
export function claudeFinishReason(stopReason: string | null | undefined, parts: readonly ContentPart[], jsonTool?: string): FinishReason {
  const reason = mapClaudeStopReason(stopReason);
  if (jsonTool === undefined || reason.unified !== 'tool-calls') return reason;
  const clientCalls = parts.some((p): p is ToolCallPart => p.type === 'tool-call' && !p.native);
  return clientCalls ? reason : { unified: 'stop', raw: reason.raw };
}

/** Builds the neutral response from blocks, stop reason and usage (shared by `complete()` and `stream()`). */
export function claudeResponse(
  blocks: readonly ClaudeResponseBlock[],
  stopReason: string | null | undefined,
  usage: ClaudeUsage | undefined,
  meta: { id?: string; model?: string },
  ctx: ClaudeResponseContext,
): ProviderResponse {
  const model = meta.model || ctx.model;
  const parts = claudeBlocksToParts(blocks, { provider: CLAUDE_PROVIDER_ID, model }, ctx.jsonTool);
  return {
    parts,
    usage: mapClaudeUsage(usage),
    finishReason: claudeFinishReason(stopReason, parts, ctx.jsonTool),
    metadata: { ...(meta.id ? { id: meta.id } : {}), model, provider: CLAUDE_PROVIDER_ID },
  };
}

/** Maps a whole `/v1/messages` response body; an error-shaped or content-less body is a typed error. */
export function fromClaudeResponse(body: unknown, ctx: ClaudeResponseContext): ProviderResponse {
  if (isObject(body) && body.type === 'error') throw claudeErrorFromBody(body);
  if (!isObject(body) || !Array.isArray(body.content)) {
    throw new InvalidResponseError('claude returned a body without a content array', { provider: CLAUDE_PROVIDER_ID });
  }
  const b = body as unknown as ClaudeResponseBody;
  return claudeResponse(b.content ?? [], b.stop_reason, b.usage, { id: b.id, model: b.model }, ctx);
}
