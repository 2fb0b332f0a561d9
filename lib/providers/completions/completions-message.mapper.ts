import type { ContentPart, FilePart, ImagePart, MediaSource, ToolCallPart } from '../../core/content-part.types';
import type { Message } from '../../core/message.types';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature.error';
import type { CompletionsContentPart, CompletionsMessage, CompletionsToolCall } from './completions-wire.types';

/** What message mapping needs to know about the provider. */
export interface MessageMappingContext {
  readonly providerId: string;
  /** Send this provider's reasoning on tool-calling assistant messages as `reasoning_content`. */
  readonly replayReasoning?: boolean;
}

function dataUrl(source: Extract<MediaSource, { kind: 'base64' }>): string {
  return `data:${source.mediaType};base64,${source.data}`;
}

const AUDIO_FORMATS: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
};

function mediaPart(part: ImagePart | FilePart, providerId: string): CompletionsContentPart {
  const source = part.source;
  const mediaType = source.mediaType ?? '';
  if (source.kind === 'url') {
    if (part.type === 'image' || mediaType.startsWith('image/')) return { type: 'image_url', image_url: { url: source.url } };
    throw new UnsupportedFeatureError(
      `${providerId}: the Chat Completions wire takes files as base64 data, not URLs (${mediaType || 'unknown type'})`,
      { provider: providerId },
    );
  }
  if (part.type === 'image' || mediaType.startsWith('image/')) return { type: 'image_url', image_url: { url: dataUrl(source) } };
  const audio = AUDIO_FORMATS[mediaType];
  if (audio) return { type: 'input_audio', input_audio: { data: source.data, format: audio } };
  return { type: 'file', file: { filename: part.filename ?? 'file', file_data: dataUrl(source) } };
}

function userContent(parts: readonly ContentPart[], providerId: string): string | CompletionsContentPart[] | undefined {
  const out: CompletionsContentPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'text', text: part.text });
    else if (part.type === 'image' || part.type === 'file') out.push(mediaPart(part, providerId));
  }
  if (out.length === 0) return undefined;
  if (out.every((p) => p.type === 'text')) return out.map((p) => (p as { text: string }).text).join('\n');
  return out;
}

/** The arguments to send back: a person's edit when there is one, else what the model wrote. */
function argumentText(call: ToolCallPart): string {
  if (call.approval?.editedArguments !== undefined) return JSON.stringify(call.approval.editedArguments);
  if (call.rawArguments !== undefined) return call.rawArguments;
  return JSON.stringify(call.arguments ?? {});
}

function isForeign(part: { origin?: { provider: string } }, providerId: string): boolean {
  return part.origin !== undefined && part.origin.provider !== providerId;
}

function assistantMessage(message: Message, ctx: MessageMappingContext): CompletionsMessage | undefined {
  const text: string[] = [];
  const reasoning: string[] = [];
  const calls: CompletionsToolCall[] = [];
  for (const part of message.parts) {
    if (part.type === 'text') text.push(part.text);
    else if (part.type === 'reasoning') {
      if (ctx.replayReasoning && !isForeign(part, ctx.providerId) && !part.redacted && part.text) reasoning.push(part.text);
    } else if (part.type === 'tool-call') {
      if (part.native && isForeign(part, ctx.providerId)) continue;
      calls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: argumentText(part) } });
    }
  }
  if (text.length === 0 && calls.length === 0) return undefined;
  return {
    role: 'assistant',
    content: text.join(''),
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
    // DeepSeek thinking mode requires the reasoning of tool-calling turns back; elsewhere it is ignored.
    ...(reasoning.length > 0 && calls.length > 0 ? { reasoning_content: reasoning.join('') } : {}),
  };
}

/**
 * Maps a conversation to Chat Completions messages. Tool results become `tool` messages; reasoning
 * and provider-specific parts are not sent (except, with `replayReasoning`, this provider's own
 * reasoning on assistant messages that call tools); images and files become typed content parts.
 */
export function mapMessages(
  messages: readonly Message[],
  system: string | undefined,
  ctx: MessageMappingContext,
): CompletionsMessage[] {
  const out: CompletionsMessage[] = [];
  if (system) out.push({ role: 'system', content: system });
  for (const message of messages) {
    for (const part of message.parts) {
      if (part.type === 'tool-result') out.push({ role: 'tool', tool_call_id: part.callId, content: part.content });
    }
    if (message.role === 'system') {
      const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n');
      if (text) out.push({ role: 'system', content: text });
    } else if (message.role === 'assistant') {
      const mapped = assistantMessage(message, ctx);
      if (mapped) out.push(mapped);
    } else if (message.role === 'user') {
      const content = userContent(message.parts, ctx.providerId);
      if (content !== undefined) out.push({ role: 'user', content });
    }
  }
  return out;
}
