import type { ContentPart, PartOrigin, ReasoningPart, ToolCallPart } from '../../core/content-part.types';
import type { JsonObject } from '../../core/json.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { syntheticCallId } from './gemini-call-id';
import { PartialArgsAssembler } from './gemini-partial-args.assembler';
import type { GeminiFunctionCall, GeminiPart } from './gemini-wire.types';
import { GEMINI_PROVIDER_ID, GEMINI_PROVIDER_PART_KINDS } from './gemini.constants';

type Emit = (event: ModelStreamEvent) => void;

interface OpenCall {
  readonly part: ToolCallPart;
  readonly args: PartialArgsAssembler;
  /** JSON text of the arguments already sent as `tool-call-delta`s. */
  emitted: string;
}

/**
 * The part of the arguments' JSON that later pieces can only extend: without the closing brackets
 * (and the closing quote of a string still being written). Pieces arrive in document order.
 */
function stablePrefix(json: string, stringOpen: boolean): string {
  let end = json.length;
  while (end > 0 && (json[end - 1] === '}' || json[end - 1] === ']')) end--;
  if (stringOpen && json[end - 1] === '"') end--;
  return json.slice(0, end);
}

/**
 * Turns Gemini parts (a whole response, or stream events one after another) into content parts,
 * emitting stream events as it goes:
 * - `thought: true` text → reasoning (deltas merged), its own signature kept;
 * - a `thoughtSignature` on any other part → an empty reasoning part holding the signature, just
 *   before that part (the request mapper puts it back on the same part);
 * - text → text (deltas merged), `inlineData`/`fileData` → image or file parts;
 * - `functionCall` → tool calls, whole or assembled from Gemini 3 `partialArgs` pieces;
 * - `executableCode`, `codeExecutionResult`, `toolCall`, `toolResponse` → `provider` parts.
 */
export class GeminiPartsAccumulator {
  readonly parts: ContentPart[] = [];
  private open: OpenCall | undefined;
  private images = 0;
  private readonly origin: PartOrigin;

  /**
   * @param restoreArguments undoes schema adaptation on finished call arguments; when given, a
   *   call's arguments are sent as one `tool-call-delta` at its end (pieces could not be restored).
   */
  constructor(
    model: string,
    private readonly restoreArguments?: (name: string, args: JsonObject) => JsonObject,
  ) {
    this.origin = { provider: GEMINI_PROVIDER_ID, model };
  }

  /** True when a function call was made. */
  get hasToolCalls(): boolean {
    return this.parts.some((p) => p.type === 'tool-call');
  }

  /** Adds one wire part. */
  add(part: GeminiPart, emit: Emit): void {
    if (part.functionCall) return this.functionCall(part.functionCall, part.thoughtSignature, emit);
    if (part.thought) return this.thought(part, emit);
    if (part.thoughtSignature) this.push({ type: 'reasoning', text: '', signature: part.thoughtSignature, origin: this.origin });
    if (typeof part.text === 'string') return this.text(part.text, emit);
    if (part.inlineData) {
      const { mimeType, data } = part.inlineData;
      if (mimeType.startsWith('image/')) {
        this.push({ type: 'image', source: { kind: 'base64', data, mediaType: mimeType } });
        emit({ type: 'partial-image', index: this.images++, data, mediaType: mimeType });
      } else this.push({ type: 'file', source: { kind: 'base64', data, mediaType: mimeType } });
      return;
    }
    if (part.fileData) {
      const source = { kind: 'url' as const, url: part.fileData.fileUri, mediaType: part.fileData.mimeType };
      this.push(part.fileData.mimeType?.startsWith('image/') ? { type: 'image', source } : { type: 'file', source });
      return;
    }
    for (const kind of GEMINI_PROVIDER_PART_KINDS) {
      const data = part[kind];
      if (data) this.push({ type: 'provider', kind, data: data as JsonObject, origin: this.origin });
    }
  }

  /** Closes a call left open by pieces (the stream ended). */
  finish(emit: Emit): ContentPart[] {
    if (this.open) this.closeCall(emit);
    return this.parts;
  }

  private push(part: ContentPart): void {
    this.parts.push(part);
  }

  private lastPart(): ContentPart | undefined {
    return this.parts[this.parts.length - 1];
  }

  private text(text: string, emit: Emit): void {
    if (text === '') return;
    const last = this.lastPart();
    if (last?.type === 'text') this.parts[this.parts.length - 1] = { ...last, text: last.text + text };
    else this.push({ type: 'text', text });
    emit({ type: 'text-delta', delta: text });
  }

  private thought(part: GeminiPart, emit: Emit): void {
    const text = part.text ?? '';
    const last = this.lastPart();
    const signature = part.thoughtSignature ? { signature: part.thoughtSignature } : {};
    if (last?.type === 'reasoning' && last.text !== '' && last.signature === undefined && last.origin?.provider === GEMINI_PROVIDER_ID) {
      this.parts[this.parts.length - 1] = { ...last, text: last.text + text, ...signature };
    } else {
      this.push({ type: 'reasoning', text, origin: this.origin, ...signature });
    }
    if (text !== '') emit({ type: 'reasoning-delta', delta: text });
  }

  private functionCall(call: GeminiFunctionCall, signature: string | undefined, emit: Emit): void {
    if (this.open && call.name) this.closeCall(emit);
    if (!this.open) {
      if (!call.name) return;
      if (signature) this.push({ type: 'reasoning', text: '', signature, origin: this.origin });
      const part: ToolCallPart = {
        type: 'tool-call',
        id: call.id ?? syntheticCallId(),
        name: call.name,
        arguments: {},
        status: 'pending',
        origin: this.origin,
      };
      this.push(part);
      emit({ type: 'tool-call-start', id: part.id, name: part.name });
      this.open = { part, args: new PartialArgsAssembler(), emitted: '' };
    }
    const open = this.open;
    if (call.args) open.args.merge(call.args);
    if (call.partialArgs) open.args.add(call.partialArgs);
    if (!call.willContinue) return this.closeCall(emit);
    if (this.restoreArguments) return;
    this.emitArguments(open, stablePrefix(JSON.stringify(open.args.value), open.args.stringOpen), emit);
  }

  /** Sends the new end of the arguments' JSON text, when it extends what was sent. */
  private emitArguments(open: OpenCall, text: string, emit: Emit): void {
    if (text.length <= open.emitted.length || !text.startsWith(open.emitted)) return;
    emit({ type: 'tool-call-delta', id: open.part.id, delta: text.slice(open.emitted.length) });
    open.emitted = text;
  }

  private closeCall(emit: Emit): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    open.part.arguments = this.restoreArguments ? this.restoreArguments(open.part.name, open.args.value) : open.args.value;
    this.emitArguments(open, JSON.stringify(open.part.arguments), emit);
    emit({ type: 'tool-call-end', call: open.part });
  }
}
