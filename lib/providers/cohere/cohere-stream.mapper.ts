import type { ContentPart, Source } from '../../core/content-part.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { SseEvent } from '../../transport/sse.parser';
import type { WireStreamMapper } from '../shared/event-stream';
import { COHERE_PROVIDER_ID } from './cohere-request.mapper';
import { cohereFinishReason, cohereSources, cohereToolCall, cohereUsage, obj } from './cohere-response.mapper';

type Emit = (event: ModelStreamEvent) => void;

interface Call {
  id: string;
  name: string;
  args: string;
}

/**
 * Maps a Cohere `/v2/chat` stream (server-sent events whose JSON `type` names the event:
 * `message-start`, `content-start` / `-delta` / `-end` for text and thinking, `tool-plan-delta`,
 * `tool-call-start` / `-delta` / `-end`, `citation-start`, `message-end`) to chat-ts stream
 * events, then a `usage` and a `step-finish` with the whole answer. The tool plan streams as
 * reasoning.
 */
export class CohereStreamMapper implements WireStreamMapper<SseEvent, ModelStreamEvent> {
  private id?: string;
  private plan = '';
  private thinking = '';
  private text = '';
  private readonly sources: Source[] = [];
  private readonly calls = new Map<number, Call>();
  private end?: { readonly [key: string]: unknown };

  constructor(private readonly model: string) {}

  onEvent(event: SseEvent, next: Emit): void {
    if (event.data.trim() === '') return;
    const e = obj(JSON.parse(event.data)) ?? {};
    const message = obj(obj(e.delta)?.message) ?? {};
    const index = typeof e.index === 'number' ? e.index : 0;
    switch (e.type ?? event.event) {
      case 'message-start':
        if (typeof e.id === 'string') this.id = e.id;
        return;
      case 'content-delta': {
        const content = obj(message.content) ?? {};
        if (typeof content.thinking === 'string' && content.thinking !== '') {
          this.thinking += content.thinking;
          next({ type: 'reasoning-delta', delta: content.thinking });
        }
        if (typeof content.text === 'string' && content.text !== '') {
          this.text += content.text;
          next({ type: 'text-delta', delta: content.text });
        }
        return;
      }
      case 'tool-plan-delta':
        if (typeof message.tool_plan === 'string' && message.tool_plan !== '') {
          this.plan += message.tool_plan;
          next({ type: 'reasoning-delta', delta: message.tool_plan });
        }
        return;
      case 'tool-call-start': {
        const call = obj(message.tool_calls) ?? {};
        const fn = obj(call.function) ?? {};
        const started: Call = { id: String(call.id ?? `call_${index}`), name: String(fn.name ?? ''), args: typeof fn.arguments === 'string' ? fn.arguments : '' };
        this.calls.set(index, started);
        next({ type: 'tool-call-start', id: started.id, name: started.name });
        if (started.args !== '') next({ type: 'tool-call-delta', id: started.id, delta: started.args });
        return;
      }
      case 'tool-call-delta': {
        const call = this.calls.get(index);
        const piece = obj(obj(message.tool_calls)?.function)?.arguments;
        if (!call || typeof piece !== 'string' || piece === '') return;
        call.args += piece;
        next({ type: 'tool-call-delta', id: call.id, delta: piece });
        return;
      }
      case 'tool-call-end': {
        const call = this.calls.get(index);
        if (call) next({ type: 'tool-call-end', call: cohereToolCall(call.id, call.name, call.args, this.model) });
        return;
      }
      case 'citation-start':
        this.sources.push(...cohereSources([message.citations]));
        return;
      case 'message-end':
        this.end = obj(e.delta) ?? {};
        return;
      default:
        return; // content-start, content-end, citation-end, debug, and event types added later
    }
  }

  onEnd(next: Emit): void {
    if (!this.end) throw new InvalidResponseError('cohere stream ended before message-end', { provider: COHERE_PROVIDER_ID });
    const origin = { provider: COHERE_PROVIDER_ID, model: this.model };
    const parts: ContentPart[] = [];
    if (this.plan !== '') parts.push({ type: 'reasoning', text: this.plan, origin });
    if (this.thinking !== '') parts.push({ type: 'reasoning', text: this.thinking, origin });
    if (this.text !== '') parts.push({ type: 'text', text: this.text, ...(this.sources.length > 0 ? { sources: this.sources } : {}) });
    for (const [, call] of [...this.calls.entries()].sort(([a], [b]) => a - b)) parts.push(cohereToolCall(call.id, call.name, call.args, this.model));
    const usage = cohereUsage(this.end.usage);
    next({ type: 'usage', usage });
    next({
      type: 'step-finish',
      response: { parts, usage, finishReason: cohereFinishReason(this.end.finish_reason), metadata: { ...(this.id ? { id: this.id } : {}), model: this.model, provider: COHERE_PROVIDER_ID } },
    });
  }
}
