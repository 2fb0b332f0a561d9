import type { ToolCallPart } from '../../core/content-part.types';
import type { JsonObject, JsonValue } from '../../core/json.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { SseEvent } from '../../transport/sse.parser';
import type { WireStreamMapper } from '../shared/event-stream';
import { CLAUDE_PROVIDER_ID, claudeErrorFromBody } from './claude-error.reader';
import { claudeBlocksToParts, claudeResponse, type ClaudeResponseContext } from './claude-response.mapper';
import { mapClaudeUsage, mergeClaudeUsage } from './claude-usage.mapper';
import type { ClaudeResponseBlock, ClaudeUsage } from './claude-wire.types';

type Emit = (event: ModelStreamEvent) => void;

/** A content block being streamed. */
interface OpenBlock {
  readonly start: ClaudeResponseBlock;
  /** `tool`: a client tool call; `json`: the structured-output tool; `server`: a provider-run call; else the block type. */
  readonly role: 'text' | 'thinking' | 'tool' | 'json' | 'server' | 'other';
  text: string;
  thinking: string;
  signature: string;
  json: string;
  citations: JsonValue[];
  extra: JsonObject;
  done?: ClaudeResponseBlock;
}

const TOOL_BLOCKS = new Set(['tool_use', 'server_tool_use', 'mcp_tool_use']);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function addUsage(a: ClaudeUsage, b: ClaudeUsage): ClaudeUsage {
  const out: ClaudeUsage = {};
  for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
    if (a[key] != null || b[key] != null) out[key] = (a[key] ?? 0) + (b[key] ?? 0);
  }
  return out;
}

/** Per field, the higher of two reports of the same message's (cumulative) usage. */
function highestUsage(a: ClaudeUsage, b: ClaudeUsage | undefined): ClaudeUsage {
  const merged = mergeClaudeUsage(a, b);
  for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
    if (a[key] != null && merged[key] != null) merged[key] = Math.max(a[key] as number, merged[key] as number);
  }
  return merged;
}

function malformed(message: string): InvalidResponseError {
  return new InvalidResponseError(`claude ${message}`, { provider: CLAUDE_PROVIDER_ID, retryable: true });
}

/**
 * Maps the Messages SSE stream (`message_start`, `content_block_start/delta/stop`, `message_delta`,
 * `message_stop`, `ping`, `error`) to model stream events, then a `step-finish` holding exactly what
 * `complete()` would return. Usage arriving in pieces is merged (later cumulative figures win).
 * Untidy streams are tolerated: repeated message cycles are merged, deltas without a start open
 * their block, unknown events and deltas are ignored; what cannot be understood is a typed error.
 */
export class ClaudeStreamMapper implements WireStreamMapper<SseEvent, ModelStreamEvent> {
  private readonly blocks: OpenBlock[] = [];
  private open = new Map<number, OpenBlock>();
  private finishedUsage: ClaudeUsage = {};
  private usage: ClaudeUsage = {};
  private stopReason: string | null | undefined;
  private id: string | undefined;
  private model: string | undefined;
  private started = false;
  private stopped = false;
  /** Whether the current message cycle has had its `message_delta`. */
  private delivered = false;
  /** Whether the current message cycle has had a content block (or a block given whole in `message_start`). */
  private hasContent = false;
  private cycles = 0;

  constructor(private readonly ctx: ClaudeResponseContext) {}

  onEvent(event: SseEvent, next: Emit): void {
    if (event.data === '' || event.data === '[DONE]') return;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      throw malformed(`sent a stream event that is not JSON (${event.event ?? 'no event name'})`);
    }
    if (!isObject(data)) throw malformed('sent a stream event that is not an object');
    const type = typeof data.type === 'string' ? data.type : event.event;
    switch (type) {
      case 'message_start':
        return this.messageStart(isObject(data.message) ? data.message : {}, next);
      case 'content_block_start':
        if (!isObject(data.content_block) || typeof data.content_block.type !== 'string') throw malformed('started a content block without a type');
        return this.blockStart(Number(data.index), data.content_block as ClaudeResponseBlock, next);
      case 'content_block_delta':
        return this.blockDelta(Number(data.index), isObject(data.delta) ? data.delta : {}, next);
      case 'content_block_stop':
        return this.blockStop(Number(data.index), next);
      case 'message_delta':
        return this.messageDelta(data, next);
      case 'message_stop':
        this.stopped = true;
        for (const index of [...this.open.keys()]) this.blockStop(index, next);
        return;
      case 'error':
        throw claudeErrorFromBody(data);
      default:
        return; // ping and event types added later
    }
  }

  onEnd(next: Emit): void {
    if (!this.started) throw malformed('stream ended before any message started');
    if (!this.stopped && !this.delivered) throw malformed('stream ended before message_stop');
    for (const index of [...this.open.keys()]) this.blockStop(index, next);
    const done = this.blocks.map((b) => b.done ?? this.finish(b));
    const response = claudeResponse(done, this.stopReason, this.totalUsage(), { id: this.id, model: this.model }, this.ctx);
    if (this.ctx.jsonTool !== undefined && !this.blocks.some((b) => b.role === 'json')) {
      // Structured output came as plain text after all: deliver the text held back while streaming.
      const held = this.blocks.filter((b) => b.role === 'text').map((b) => b.text).join('');
      if (held !== '') next({ type: 'text-delta', delta: held });
    }
    next({ type: 'step-finish', response });
  }

  private totalUsage(): ClaudeUsage {
    return addUsage(this.finishedUsage, this.usage);
  }

  private emitUsage(next: Emit): void {
    next({ type: 'usage', usage: mapClaudeUsage(this.totalUsage()) });
  }

  private messageStart(message: JsonObject, next: Emit): void {
    const id = typeof message.id === 'string' ? message.id : undefined;
    const usage = isObject(message.usage) ? (message.usage as ClaudeUsage) : undefined;
    if (this.cycles > 0 && this.isRepeat(id)) {
      // The same message announced again (a proxy replaying message_start): its usage is the same
      // usage, never added a second time, and cumulative figures never go back; its blocks were already taken.
      this.usage = highestUsage(this.usage, usage);
      if (id !== undefined) this.id = id;
      this.emitUsage(next);
      return;
    }
    if (this.cycles > 0 && !this.stopped && !this.delivered && this.open.size > 0) {
      // Another message spliced in while this one still streams a block (blocks given whole in
      // message_start are complete): its blocks would be stitched onto the open ones (a tool call
      // on arguments from two messages). Nothing of it can be trusted.
      const open = [...this.open.values()].find((b) => b.role === 'tool' || b.role === 'json' || b.role === 'server');
      const what = open ? `while the arguments of tool call ${open.start.id ?? '(no id)'} were still open` : 'before the previous message finished';
      throw new InvalidResponseError(`claude started a second message (${id ?? 'no id'}) ${what}`, { provider: CLAUDE_PROVIDER_ID });
    }
    if (this.cycles++ > 0) {
      // Another message cycle in the same stream: close the previous one and add its usage up.
      for (const index of [...this.open.keys()]) this.blockStop(index, next);
      this.finishedUsage = this.totalUsage();
      this.usage = {};
      this.open = new Map();
    }
    this.started = true;
    this.stopped = false;
    this.delivered = false;
    this.hasContent = false;
    if (id !== undefined) this.id = id;
    if (typeof message.model === 'string' && message.model !== '') this.model = message.model;
    this.usage = mergeClaudeUsage(this.usage, usage);
    const content = Array.isArray(message.content) ? message.content.filter(isObject) : [];
    content.forEach((block, i) => {
      this.blockStart(-1 - i, block as ClaudeResponseBlock, next);
      this.blockStop(-1 - i, next);
    });
    this.emitUsage(next);
  }

  /**
   * Whether a `message_start` announces the current message again rather than a new one: it has
   * the current id (message ids are unique), or nothing at all happened since the current one
   * started (no block, no `message_delta`, no `message_stop`).
   */
  private isRepeat(id: string | undefined): boolean {
    if (id !== undefined && id === this.id) return true;
    return !this.stopped && !this.delivered && !this.hasContent;
  }

  private roleOf(block: ClaudeResponseBlock): OpenBlock['role'] {
    if (block.type === 'text') return 'text';
    if (block.type === 'thinking') return 'thinking';
    if (block.type === 'tool_use') return this.ctx.jsonTool !== undefined && block.name === this.ctx.jsonTool ? 'json' : 'tool';
    if (TOOL_BLOCKS.has(block.type)) return 'server';
    return 'other';
  }

  private blockStart(index: number, block: ClaudeResponseBlock, next: Emit): void {
    this.started = true;
    this.hasContent = true;
    if (this.open.has(index)) this.blockStop(index, next);
    const open: OpenBlock = { start: block, role: this.roleOf(block), text: '', thinking: '', signature: '', json: '', citations: [], extra: {} };
    this.open.set(index, open);
    this.blocks.push(open);
    if (open.role === 'tool') next({ type: 'tool-call-start', id: block.id ?? '', name: block.name ?? '' });
    if (typeof block.text === 'string' && block.text !== '') this.appendText(open, block.text, next);
    if (typeof block.thinking === 'string' && block.thinking !== '') this.appendThinking(open, block.thinking, next);
    if (typeof block.signature === 'string') open.signature = block.signature;
  }

  private implicitBlock(index: number, deltaType: string, next: Emit): OpenBlock | undefined {
    if (deltaType === 'text_delta' || deltaType === 'citations_delta') this.blockStart(index, { type: 'text', text: '' }, next);
    else if (deltaType === 'thinking_delta' || deltaType === 'signature_delta') this.blockStart(index, { type: 'thinking', thinking: '' }, next);
    else if (deltaType === 'input_json_delta') throw malformed(`sent tool input for content block ${index}, which never started`);
    return this.open.get(index);
  }

  private blockDelta(index: number, delta: JsonObject, next: Emit): void {
    const type = typeof delta.type === 'string' ? delta.type : '';
    const block = this.open.get(index) ?? this.implicitBlock(index, type, next);
    if (!block) return;
    if (type === 'text_delta' && typeof delta.text === 'string') this.appendText(block, delta.text, next);
    else if (type === 'thinking_delta' && typeof delta.thinking === 'string') this.appendThinking(block, delta.thinking, next);
    else if (type === 'signature_delta' && typeof delta.signature === 'string') block.signature += delta.signature;
    else if (type === 'citations_delta' && delta.citation !== undefined) block.citations.push(delta.citation);
    else if (type === 'input_json_delta' && typeof delta.partial_json === 'string') this.appendJson(block, delta.partial_json, next);
    else if (block.role === 'other') {
      // e.g. compaction_delta: fold string fields into the block.
      for (const [key, value] of Object.entries(delta)) {
        if (key === 'type') continue;
        const before = block.extra[key] ?? block.start[key];
        block.extra[key] = typeof value === 'string' && typeof before === 'string' ? before + value : value;
      }
    }
  }

  private appendText(block: OpenBlock, text: string, next: Emit): void {
    block.text += text;
    if (this.ctx.jsonTool === undefined) next({ type: 'text-delta', delta: text });
  }

  private appendThinking(block: OpenBlock, text: string, next: Emit): void {
    block.thinking += text;
    next({ type: 'reasoning-delta', delta: text });
  }

  private appendJson(block: OpenBlock, fragment: string, next: Emit): void {
    block.json += fragment;
    if (fragment === '') return;
    if (block.role === 'tool') next({ type: 'tool-call-delta', id: block.start.id ?? '', delta: fragment });
    else if (block.role === 'json') next({ type: 'text-delta', delta: fragment });
  }

  private blockStop(index: number, next: Emit): void {
    const block = this.open.get(index);
    if (!block) return;
    this.open.delete(index);
    const done = (block.done = this.finish(block));
    if (block.role !== 'tool') return;
    const origin = { provider: CLAUDE_PROVIDER_ID, model: this.model || this.ctx.model };
    const call = claudeBlocksToParts([done], origin)[0] as ToolCallPart | undefined;
    if (call) next({ type: 'tool-call-end', call });
  }

  private finish(block: OpenBlock): ClaudeResponseBlock {
    const { start } = block;
    switch (block.role) {
      case 'text':
        return block.citations.length > 0 ? { ...start, text: block.text, citations: block.citations } : { ...start, text: block.text };
      case 'thinking':
        return { ...start, thinking: block.thinking, signature: block.signature };
      case 'tool':
      case 'json':
      case 'server': {
        if (block.json.trim() === '') return { ...start, input: start.input ?? {} };
        try {
          return { ...start, input: JSON.parse(block.json) as JsonValue };
        } catch {
          return { ...start, input: block.json };
        }
      }
      default:
        return { ...start, ...block.extra };
    }
  }

  private messageDelta(data: JsonObject, next: Emit): void {
    this.started = true;
    this.delivered = true;
    const delta = isObject(data.delta) ? data.delta : {};
    if (typeof delta.stop_reason === 'string') this.stopReason = delta.stop_reason;
    this.usage = mergeClaudeUsage(this.usage, isObject(data.usage) ? (data.usage as ClaudeUsage) : undefined);
    this.emitUsage(next);
  }
}
