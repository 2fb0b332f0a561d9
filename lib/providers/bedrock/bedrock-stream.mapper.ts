import type { ContentPart, Source, ToolCallPart } from '../../core/content-part.types';
import type { JsonValue } from '../../core/json.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { WireStreamMapper } from '../shared/event-stream';
import type { BedrockFrame } from './bedrock-event-stream.parser';
import { bedrockStreamException } from './bedrock-error.mapper';
import { BEDROCK_PROVIDER_ID } from './bedrock-request.mapper';
import { guardrailWarning } from './bedrock-converse.options';
import { bedrockCitationSource, bedrockFinishReason, bedrockUsage, obj } from './bedrock-response.mapper';

type Emit = (event: ModelStreamEvent) => void;

interface Block {
  kind: 'text' | 'tool' | 'reasoning';
  text: string;
  id?: string;
  name?: string;
  signature?: string;
  redacted?: string;
  sources?: Source[];
  done?: boolean;
}

/** The streamed input as arguments; `rawArguments` only when it is not JSON (the engine then answers with an error result). */
function toolArguments(raw: string): { arguments: JsonValue; rawArguments?: string } {
  if (raw.trim() === '') return { arguments: {} };
  try {
    return { arguments: JSON.parse(raw) as JsonValue };
  } catch {
    return { arguments: null, rawArguments: raw };
  }
}

/**
 * Maps ConverseStream frames (`messageStart`, `contentBlockStart`, `contentBlockDelta`,
 * `contentBlockStop`, `messageStop`, `metadata`; exception frames) to chat-ts stream events, then a
 * `usage` and a `step-finish` with the whole answer. Text, tool-use input and reasoning (text,
 * signature, redacted content) accumulate per `contentBlockIndex`; blocks may open without a
 * `contentBlockStart` (text, reasoning) and close without a `contentBlockStop`; `metadata` may come
 * before or after `messageStop`.
 */
export class BedrockStreamMapper implements WireStreamMapper<BedrockFrame, ModelStreamEvent> {
  private readonly blocks = new Map<number, Block>();
  private stopReason?: string;
  private usage?: unknown;
  private trace?: unknown;

  constructor(
    private readonly model: string,
    private readonly jsonTool: string | undefined,
  ) {}

  onEvent(frame: BedrockFrame, next: Emit): void {
    if (frame.messageType !== 'event') throw bedrockStreamException(BEDROCK_PROVIDER_ID, frame.type, frame.payload);
    const p = frame.payload;
    const index = typeof p.contentBlockIndex === 'number' ? p.contentBlockIndex : 0;
    switch (frame.type) {
      case 'contentBlockStart': {
        const toolUse = obj(obj(p.start)?.toolUse);
        if (!toolUse) return;
        const block: Block = { kind: 'tool', text: '', id: String(toolUse.toolUseId ?? `tool_${index}`), name: String(toolUse.name ?? '') };
        this.blocks.set(index, block);
        if (block.name !== this.jsonTool) next({ type: 'tool-call-start', id: block.id!, name: block.name! });
        return;
      }
      case 'contentBlockDelta':
        return this.delta(index, obj(p.delta) ?? {}, next);
      case 'contentBlockStop': {
        const block = this.blocks.get(index);
        if (block) this.close(block, next);
        return;
      }
      case 'messageStop':
        this.stopReason = typeof p.stopReason === 'string' ? p.stopReason : 'unknown';
        return;
      case 'metadata':
        this.usage = p.usage;
        this.trace = p.trace ?? this.trace;
        return;
      default:
        return; // messageStart, and event types added later
    }
  }

  onEnd(next: Emit): void {
    if (this.stopReason === undefined) throw new InvalidResponseError('bedrock stream ended before messageStop', { provider: BEDROCK_PROVIDER_ID });
    for (const block of this.blocks.values()) this.close(block, next);
    const parts = [...this.blocks.entries()].sort(([a], [b]) => a - b).flatMap(([, block]) => this.part(block));
    const usage = bedrockUsage(this.usage);
    const toolCalls = parts.some((p) => p.type === 'tool-call');
    const reason = bedrockFinishReason(this.stopReason, toolCalls);
    const finishReason = this.jsonTool !== undefined && reason.raw === 'tool_use' && !toolCalls ? { unified: 'stop' as const, raw: reason.raw } : reason;
    const guardrail = guardrailWarning(this.stopReason, this.trace);
    if (guardrail) next({ type: 'warning', message: guardrail });
    next({ type: 'usage', usage });
    next({ type: 'step-finish', response: { parts, usage, finishReason, metadata: { model: this.model, provider: BEDROCK_PROVIDER_ID } } });
  }

  private delta(index: number, delta: { readonly [key: string]: unknown }, next: Emit): void {
    if (typeof delta.text === 'string') {
      const block = this.open(index, 'text');
      block.text += delta.text;
      if (delta.text !== '') next({ type: 'text-delta', delta: delta.text });
      return;
    }
    const toolUse = obj(delta.toolUse);
    if (toolUse) {
      const block = this.open(index, 'tool');
      const piece = typeof toolUse.input === 'string' ? toolUse.input : '';
      block.text += piece;
      if (piece === '') return;
      if (block.name === this.jsonTool) next({ type: 'text-delta', delta: piece });
      else next({ type: 'tool-call-delta', id: block.id ?? `tool_${index}`, delta: piece });
      return;
    }
    const reasoning = obj(delta.reasoningContent);
    if (reasoning) {
      const block = this.open(index, 'reasoning');
      if (typeof reasoning.text === 'string') {
        block.text += reasoning.text;
        if (reasoning.text !== '') next({ type: 'reasoning-delta', delta: reasoning.text });
      }
      if (typeof reasoning.signature === 'string') block.signature = (block.signature ?? '') + reasoning.signature;
      if (typeof reasoning.redactedContent === 'string') block.redacted = (block.redacted ?? '') + reasoning.redactedContent;
      return;
    }
    const source = delta.citation === undefined ? undefined : bedrockCitationSource(delta.citation);
    if (source) {
      const block = this.open(index, 'text');
      (block.sources ??= []).push(source);
    }
  }

  private open(index: number, kind: Block['kind']): Block {
    let block = this.blocks.get(index);
    if (!block) this.blocks.set(index, (block = { kind, text: '' }));
    return block;
  }

  private close(block: Block, next: Emit): void {
    if (block.done) return;
    block.done = true;
    if (block.kind === 'tool' && block.name !== this.jsonTool) next({ type: 'tool-call-end', call: this.toolCall(block) });
  }

  private toolCall(block: Block): ToolCallPart {
    return { type: 'tool-call', id: block.id ?? '', name: block.name ?? '', ...toolArguments(block.text), status: 'pending', origin: { provider: BEDROCK_PROVIDER_ID, model: this.model } };
  }

  private part(block: Block): ContentPart[] {
    if (block.kind === 'text') return [{ type: 'text', text: block.text, ...(block.sources ? { sources: block.sources } : {}) }];
    if (block.kind === 'reasoning') {
      const origin = { provider: BEDROCK_PROVIDER_ID, model: this.model };
      if (block.redacted !== undefined && block.text === '') return [{ type: 'reasoning', text: '', redacted: true, data: block.redacted, origin }];
      return [{ type: 'reasoning', text: block.text, ...(block.signature ? { signature: block.signature } : {}), origin }];
    }
    if (block.name === this.jsonTool) return [{ type: 'text', text: block.text.trim() === '' ? '{}' : block.text }];
    return [this.toolCall(block)];
  }
}
