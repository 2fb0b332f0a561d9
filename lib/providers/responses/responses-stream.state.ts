import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { errorFromResponsesEvent, errorFromResponsesFailure } from './responses-error.reader';
import { judgeResponsesEvent } from './responses-event.guard';
import { imageMediaType, restoreParts, toolCallFromItem } from './responses-output.mapper';
import { expandParallelCall, PARALLEL_WRAPPER } from './responses-parallel-calls';
import { fillItem, finalItems, rebuiltItem, type ItemState } from './responses-stream-items';
import { buildProviderResponse, type ResponseContext } from './responses-response.mapper';
import { mapResponsesUsage } from './responses-usage.mapper';
import type { WireOutputItem, WireResponse, WireStreamEvent } from './responses-wire.types';

type Emit = (event: ModelStreamEvent) => void;


const TERMINAL = new Set(['response.completed', 'response.incomplete']);


/**
 * The whole text a `.done` event gives, after the deltas that streamed `sofar`: when it goes on
 * from them (deltas were lost or never sent), the rest is emitted as one more delta, so that what
 * was streamed (and what an interrupted turn keeps) adds up to the final text.
 */
function catchUp(sofar: string, whole: string, type: 'text-delta' | 'reasoning-delta', emit: Emit): string {
  if (whole.length > sofar.length && whole.startsWith(sofar)) emit({ type, delta: whole.slice(sofar.length) });
  return whole;
}

/**
 * Follows one streamed response event by event: emits text, reasoning, tool-call and
 * partial-image events as they come, and at the end builds the final parts, preferring the
 * terminal event's `output` and filling what it lacks from the events (items it omits, fields it
 * left empty). Mid-stream `error` and `response.failed` become typed errors. Events after the
 * terminal one (a recorder that logged several responses into one stream) are ignored with a warning.
 */
export class ResponsesStreamState {
  private readonly items = new Map<number, ItemState>();
  private readonly byId = new Map<string, ItemState>();
  private readonly started = new Set<string>();
  private readonly ended = new Set<string>();
  private response: WireResponse = {};
  private terminal: WireResponse | undefined;
  private extraResponses = 0;
  private extraEvents = 0;
  /** Event types already warned about (one warning per odd type). */
  private readonly skipped = new Set<string>();

  constructor(private readonly ctx: ResponseContext) {}

  /** True once `response.completed` / `response.incomplete` arrived. */
  get finished(): boolean {
    return this.terminal !== undefined;
  }

  /** Handles one parsed event. Throws a typed error for `error` and `response.failed`. */
  handle(event: WireStreamEvent, emit: Emit): void {
    if (this.terminal) {
      if (event.type === 'response.created') this.extraResponses++;
      else this.extraEvents++;
      return;
    }
    const verdict = judgeResponsesEvent(event);
    if (verdict.kind === 'silent') return;
    if (verdict.kind === 'skip') {
      const key = `${event.type} ${verdict.reason}`;
      if (!this.skipped.has(key)) emit({ type: 'warning', message: `${this.ctx.provider} sent a stream event ${verdict.reason} (${event.type.slice(0, 80)}); it was skipped` });
      this.skipped.add(key);
      return;
    }
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        if (event.response) this.response = event.response;
        return;
      case 'response.output_item.added':
        return this.added(event, emit);
      case 'response.output_item.done':
        return this.done(event, emit);
      case 'response.output_text.delta':
        return this.textDelta(event, emit);
      case 'response.output_text.done': {
        const s = this.state(event);
        const i = event.content_index ?? 0;
        if (typeof event.text === 'string') s.texts[i] = catchUp(s.texts[i] ?? '', event.text, 'text-delta', emit);
        return;
      }
      case 'response.output_text.annotation.added': {
        const s = this.state(event);
        const i = event.content_index ?? 0;
        if (event.annotation) (s.annotations[i] ??= []).push(event.annotation);
        return;
      }
      case 'response.refusal.delta': {
        const s = this.state(event);
        s.refusal = (s.refusal ?? '') + (event.delta ?? '');
        if (event.delta) emit({ type: 'text-delta', delta: event.delta });
        return;
      }
      case 'response.reasoning_summary_part.added': {
        const s = this.state(event);
        const i = event.summary_index ?? 0;
        if (i > 0 && s.summaries.slice(0, i).some((t) => t !== '')) emit({ type: 'reasoning-delta', delta: '\n\n' });
        s.summaries[i] ??= '';
        return;
      }
      case 'response.reasoning_summary_text.delta': {
        const s = this.state(event);
        const i = event.summary_index ?? 0;
        s.summaries[i] = (s.summaries[i] ?? '') + (event.delta ?? '');
        if (event.delta) emit({ type: 'reasoning-delta', delta: event.delta });
        return;
      }
      case 'response.reasoning_summary_text.done': {
        const s = this.state(event);
        const i = event.summary_index ?? 0;
        if (typeof event.text === 'string') s.summaries[i] = catchUp(s.summaries[i] ?? '', event.text, 'reasoning-delta', emit);
        return;
      }
      case 'response.reasoning_text.done': {
        const s = this.state(event);
        if (typeof event.text === 'string') s.reasoning = catchUp(s.reasoning, event.text, 'reasoning-delta', emit);
        return;
      }
      case 'response.reasoning_text.delta': {
        const s = this.state(event);
        s.reasoning += event.delta ?? '';
        if (event.delta) emit({ type: 'reasoning-delta', delta: event.delta });
        return;
      }
      case 'response.function_call_arguments.delta': {
        const s = this.state(event);
        s.args += event.delta ?? '';
        const id = this.callId(s);
        if (s.item.name === PARALLEL_WRAPPER) return; // expanded into its calls when done
        if (!this.started.has(id)) this.start(s, emit);
        if (event.delta) emit({ type: 'tool-call-delta', id, delta: event.delta });
        return;
      }
      case 'response.function_call_arguments.done': {
        const s = this.state(event);
        if (typeof event.arguments === 'string') s.args = event.arguments;
        return;
      }
      case 'response.image_generation_call.partial_image': {
        if (typeof event.partial_image_b64 !== 'string') return;
        const s = this.state(event);
        const format = event.output_format ?? (typeof s.item.output_format === 'string' ? s.item.output_format : undefined);
        emit({ type: 'partial-image', index: event.partial_image_index ?? 0, data: event.partial_image_b64, mediaType: imageMediaType(format) });
        return;
      }
      case 'response.failed':
        throw errorFromResponsesFailure(this.ctx.provider, event.response?.error, mapResponsesUsage(event.response?.usage));
      case 'error':
        throw errorFromResponsesEvent(this.ctx.provider, event.error ?? { code: event.code, message: event.message }, event.status);
      default:
        if (TERMINAL.has(event.type)) {
          this.terminal = event.response ?? {};
          emit({ type: 'usage', usage: mapResponsesUsage(this.terminal.usage) });
        }
    }
  }

  /** The stream ended: emits the last tool-call ends, warnings and `step-finish`. */
  end(emit: Emit): void {
    if (!this.terminal) {
      throw new InvalidResponseError(`${this.ctx.provider} stream ended before response.completed`, {
        provider: this.ctx.provider,
        retryable: true,
      });
    }
    const response: WireResponse = { ...this.response, ...this.terminal };
    const items = finalItems([...this.items.values()], this.terminal.output ?? []);
    const result = buildProviderResponse(response, items, this.ctx);
    for (const part of result.parts) {
      if (part.type !== 'tool-call' || part.native || this.ended.has(part.id)) continue;
      if (!this.started.has(part.id)) emit({ type: 'tool-call-start', id: part.id, name: part.name });
      emit({ type: 'tool-call-end', call: { ...part } });
    }
    if (this.extraResponses > 0 || this.extraEvents > 0) {
      emit({
        type: 'warning',
        message: `${this.ctx.provider} sent ${this.extraResponses} more response(s) and ${this.extraEvents} event(s) after the first response finished; they were ignored`,
      });
    }
    emit({ type: 'step-finish', response: result });
  }

  private state(event: WireStreamEvent): ItemState {
    const known = (event.item_id && this.byId.get(event.item_id)) || (event.output_index !== undefined && this.items.get(event.output_index));
    if (known) return known;
    const type = event.type.includes('function_call') ? 'function_call' : event.type.includes('reasoning') ? 'reasoning' : event.type.includes('image_generation') ? 'image_generation_call' : 'message';
    if (event.output_index === undefined) {
      // An item id that changed mid-stream (a gateway rotating ids), without an index: the item of
      // that type still open is the one it continues, never a second copy of it.
      const open = [...this.items.values()].reverse().find((s) => !s.done && s.item.type === type);
      if (open) return open;
    }
    const index = event.output_index ?? this.items.size;
    return this.track(index, { type, ...(event.item_id ? { id: event.item_id } : {}) });
  }

  private track(index: number, item: WireOutputItem): ItemState {
    const s: ItemState = { index, item, done: false, texts: [], annotations: [], summaries: [], reasoning: '', args: '' };
    this.items.set(index, s);
    if (item.id) this.byId.set(item.id, s);
    return s;
  }

  private callId(s: ItemState): string {
    return s.item.call_id || s.item.id || `call_${s.index}`;
  }

  private start(s: ItemState, emit: Emit): void {
    if (s.item.name === PARALLEL_WRAPPER) return; // its calls start when it is done
    const id = this.callId(s);
    this.started.add(id);
    emit({ type: 'tool-call-start', id, name: s.item.name ?? '' });
  }

  private added(event: WireStreamEvent, emit: Emit): void {
    if (!event.item) return;
    const existing = this.items.get(event.output_index ?? -1);
    const s = existing ?? this.track(event.output_index ?? this.items.size, event.item);
    s.item = fillItem(event.item, existing?.item);
    if (event.item.id) this.byId.set(event.item.id, s);
    if (s.item.type === 'function_call' && !this.started.has(this.callId(s))) this.start(s, emit);
  }

  private done(event: WireStreamEvent, emit: Emit): void {
    if (!event.item) return;
    const existing = (event.item.id && this.byId.get(event.item.id)) || this.items.get(event.output_index ?? -1);
    const s = existing || this.track(event.output_index ?? this.items.size, event.item);
    s.item = fillItem(event.item, rebuiltItem(s));
    s.done = true;
    if (s.item.type !== 'function_call') return;
    const calls = expandParallelCall(toolCallFromItem(s.item, { provider: this.ctx.provider, model: this.response.model ?? this.ctx.model }, s.index));
    restoreParts(calls, this.ctx.tools, undefined);
    for (const call of calls) {
      if (!this.started.has(call.id)) {
        this.started.add(call.id);
        emit({ type: 'tool-call-start', id: call.id, name: call.name });
      }
      this.ended.add(call.id);
      emit({ type: 'tool-call-end', call });
    }
  }

  private textDelta(event: WireStreamEvent, emit: Emit): void {
    const s = this.state(event);
    const i = event.content_index ?? 0;
    s.texts[i] = (s.texts[i] ?? '') + (event.delta ?? '');
    if (event.delta) emit({ type: 'text-delta', delta: event.delta });
  }

}
