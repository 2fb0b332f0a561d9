import type { ContentPart, FilePart, ImagePart, PartOrigin, ToolCallPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { Message } from '../../core/message.types';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import { CLAUDE_PROVIDER_ID } from './claude-error.reader';
import type { ClaudeRequestBlock, ClaudeRequestMessage, ClaudeSource } from './claude-wire.types';

const DOCUMENT_TYPES = new Set(['application/pdf', 'text/plain']);

/** Claude tool ids must match `^[a-zA-Z0-9_-]+$`; ids made by other providers are rewritten the same way on both sides. */
export function claudeToolId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return clean === '' ? 'call' : clean;
}

function fromClaude(origin: PartOrigin | undefined): boolean {
  return origin?.provider === CLAUDE_PROVIDER_ID;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function imageBlock(part: ImagePart): ClaudeRequestBlock {
  const s = part.source;
  const source: ClaudeSource = s.kind === 'url' ? { type: 'url', url: s.url } : { type: 'base64', media_type: s.mediaType, data: s.data };
  return { type: 'image', source };
}

function fileBlock(part: FilePart): ClaudeRequestBlock {
  const s = part.source;
  const mediaType = s.mediaType ?? (s.kind === 'url' && /\.pdf(\?|$)/i.test(s.url) ? 'application/pdf' : undefined);
  if (mediaType?.startsWith('image/')) return imageBlock({ type: 'image', source: s });
  if (mediaType === undefined || !DOCUMENT_TYPES.has(mediaType)) {
    throw new UnsupportedFeatureError(`claude accepts PDF and plain-text documents, not ${mediaType ?? 'files of unknown type'}`, {
      provider: CLAUDE_PROVIDER_ID,
    });
  }
  let source: ClaudeSource;
  if (s.kind === 'url') source = { type: 'url', url: s.url };
  else if (mediaType === 'text/plain') source = { type: 'text', media_type: 'text/plain', data: Buffer.from(s.data, 'base64').toString('utf8') };
  else source = { type: 'base64', media_type: mediaType, data: s.data };
  return part.filename ? { type: 'document', source, title: part.filename } : { type: 'document', source };
}

function toolUseBlock(call: ToolCallPart): ClaudeRequestBlock | undefined {
  if (call.native) {
    // Provider-executed calls go back only to Claude, as the server_tool_use block they came from.
    if (!fromClaude(call.origin)) return undefined;
    return { type: 'server_tool_use', id: call.id, name: call.name, input: isObject(call.arguments) ? call.arguments : {} };
  }
  const args = call.approval?.editedArguments ?? call.arguments;
  return { type: 'tool_use', id: claudeToolId(call.id), name: call.name, input: isObject(args) ? args : {} };
}

/** One part as Claude blocks for a message of `role`; parts Claude cannot take are dropped. */
function toBlocks(part: ContentPart, role: 'user' | 'assistant'): ClaudeRequestBlock[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [{ type: 'text', text: part.text }];
    case 'image':
      return role === 'user' ? [imageBlock(part)] : [];
    case 'file':
      return role === 'user' ? [fileBlock(part)] : [];
    case 'reasoning':
      // Thinking goes back only to Claude, only with its signature (or as the opaque redacted data).
      if (role !== 'assistant' || !fromClaude(part.origin)) return [];
      if (part.redacted && part.data) return [{ type: 'redacted_thinking', data: part.data }];
      return part.signature ? [{ type: 'thinking', thinking: part.text, signature: part.signature }] : [];
    case 'tool-call': {
      if (role !== 'assistant') return [];
      const block = toolUseBlock(part);
      return block ? [block] : [];
    }
    case 'tool-result':
      if (part.native) return [];
      return [{ type: 'tool_result', tool_use_id: claudeToolId(part.callId), content: part.content, ...(part.isError ? { is_error: true } : {}) }];
    case 'provider':
      return fromClaude(part.origin) && role === 'assistant' ? [part.data] : [];
  }
}

/** Claude wants tool results first in a user turn. */
function resultsFirst(blocks: ClaudeRequestBlock[]): ClaudeRequestBlock[] {
  const results = blocks.filter((b) => b.type === 'tool_result');
  return results.length === 0 ? blocks : [...results, ...blocks.filter((b) => b.type !== 'tool_result')];
}

/**
 * Maps a conversation to Claude messages and its system prompt. System messages join the system
 * prompt; `tool` messages become user turns of `tool_result` blocks; consecutive turns of one role are
 * merged (Claude alternates user and assistant); empty turns are left out. Thinking signatures,
 * redacted thinking and provider parts made by another provider are dropped, never sent raw.
 */
export function toClaudeMessages(messages: readonly Message[]): { system: string[]; messages: ClaudeRequestMessage[] } {
  const system: string[] = [];
  const out: ClaudeRequestMessage[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      for (const part of message.parts) if (part.type === 'text' && part.text !== '') system.push(part.text);
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = message.parts.flatMap((part) => toBlocks(part, role));
    if (blocks.length === 0) continue;
    const previous = out[out.length - 1];
    if (previous?.role === role) previous.content.push(...blocks);
    else out.push({ role, content: blocks });
  }
  for (const m of out) if (m.role === 'user') m.content = resultsFirst(m.content);
  return { system, messages: out };
}
