import type { ContentPart, FilePart, ImagePart, MediaSource, PartOrigin } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { Message } from '../../core/message.types';
import type { WireInputItem } from './responses-wire.types';

/** What the input mapper needs to know. */
export interface InputContext {
  /** This provider's id: parts whose origin is another provider are never sent. */
  readonly provider: string;
  /** `store: false`: reasoning without encrypted content cannot be referenced and is dropped. */
  readonly store?: boolean;
}

const mine = (origin: PartOrigin | undefined, ctx: InputContext): boolean => origin?.provider === ctx.provider;

function dataUrl(source: MediaSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}

function imageItem(part: ImagePart): JsonObject {
  return { type: 'input_image', image_url: dataUrl(part.source), detail: 'auto' };
}

function fileItem(part: FilePart): JsonObject {
  if (part.source.kind === 'url') {
    return { type: 'input_file', file_url: part.source.url, ...(part.filename ? { filename: part.filename } : {}) };
  }
  const ext = part.source.mediaType.split('/')[1]?.split(/[+;]/)[0] ?? 'bin';
  return { type: 'input_file', filename: part.filename ?? `file.${ext}`, file_data: dataUrl(part.source) };
}

function argumentsText(part: Extract<ContentPart, { type: 'tool-call' }>): string {
  const edited = part.approval?.editedArguments;
  if (edited !== undefined) return JSON.stringify(edited);
  if (part.rawArguments !== undefined && part.arguments === null) return part.rawArguments;
  return JSON.stringify(part.arguments ?? {});
}

function userItems(message: Message, ctx: InputContext, out: WireInputItem[]): void {
  const content: JsonValue[] = [];
  const flush = (): void => {
    if (content.length > 0) out.push({ role: message.role === 'system' ? 'system' : 'user', content: content.splice(0) });
  };
  for (const part of message.parts) {
    if (part.type === 'text') content.push({ type: 'input_text', text: part.text });
    else if (part.type === 'image') content.push(imageItem(part));
    else if (part.type === 'file') content.push(fileItem(part));
    else if (part.type === 'tool-result') {
      flush();
      toolResultItem(part, out);
    } else if (part.type === 'provider' && mine(part.origin, ctx) && ctx.store !== false) {
      flush();
      out.push(part.data);
    }
  }
  flush();
}

function toolResultItem(part: Extract<ContentPart, { type: 'tool-result' }>, out: WireInputItem[]): void {
  if (part.native) return;
  out.push({ type: 'function_call_output', call_id: part.callId, output: part.content });
}

function assistantItems(message: Message, ctx: InputContext, out: WireInputItem[]): void {
  let text = '';
  const flush = (): void => {
    if (text !== '') out.push({ role: 'assistant', content: text });
    text = '';
  };
  for (const part of message.parts) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'reasoning': {
        if (!mine(part.origin, ctx) || !part.signature || part.redacted) break;
        if (ctx.store === false && !part.data) break;
        flush();
        const item: JsonObject = {
          type: 'reasoning',
          id: part.signature,
          summary: part.text ? [{ type: 'summary_text', text: part.text }] : [],
        };
        if (part.data) item.encrypted_content = part.data;
        out.push(item);
        break;
      }
      case 'tool-call':
        if (part.native) break;
        flush();
        out.push({ type: 'function_call', call_id: part.id, name: part.name, arguments: argumentsText(part) });
        break;
      case 'tool-result':
        flush();
        toolResultItem(part, out);
        break;
      case 'provider':
        // Native-tool items are referenced by id; with store=false the server keeps none of them.
        if (!mine(part.origin, ctx) || ctx.store === false) break;
        flush();
        out.push(part.data);
        break;
      default:
        // Images and files in assistant turns (generated images) travel in their provider parts.
        break;
    }
  }
  flush();
}

/**
 * Maps a conversation to Responses `input` items: user/system messages with `input_text`,
 * `input_image` and `input_file` content, assistant text, `function_call` and
 * `function_call_output` items, this provider's reasoning items (with encrypted content) and
 * native-tool items. Reasoning and provider parts made by another provider are dropped.
 */
export function mapInputItems(messages: readonly Message[], ctx: InputContext): WireInputItem[] {
  const out: WireInputItem[] = [];
  for (const message of messages) {
    if (message.role === 'assistant') assistantItems(message, ctx, out);
    else if (message.role === 'tool') {
      for (const part of message.parts) if (part.type === 'tool-result') toolResultItem(part, out);
    } else userItems(message, ctx, out);
  }
  return out;
}
