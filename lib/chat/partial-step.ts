import { frozenMessage } from '../core/frozen-message.helpers';
import type { ContentPart, ToolCallPart } from '../core/content-part.types';
import type { Message, ResponseMetadata } from '../core/message.types';
import type { ModelStreamEvent } from '../core/stream-event.types';
import { TextAccumulator } from '../core/text-accumulator';
import type { Usage } from '../core/usage.types';

interface CallInProgress {
  readonly id: string;
  name: string;
  args: string;
  done?: ToolCallPart;
}

/** What a model request streamed so far: kept when the stream is cut so nothing is lost. */
export class PartialStep {
  private readonly text = new TextAccumulator();
  /** Created by the first reasoning delta (most answers have none). */
  private reasoning?: TextAccumulator;
  /** Created by the first tool call (most answers have none). */
  private callsMap?: Map<string, CallInProgress>;
  /** The latest usage the provider reported for this request. */
  usage?: Usage;

  apply(event: ModelStreamEvent): void {
    switch (event.type) {
      case 'text-delta':
        this.text.append(event.delta);
        break;
      case 'reasoning-delta':
        (this.reasoning ??= new TextAccumulator()).append(event.delta);
        break;
      case 'tool-call-start':
        if (!this.calls.has(event.id)) this.calls.set(event.id, { id: event.id, name: event.name, args: '' });
        break;
      case 'tool-call-delta': {
        const call = this.calls.get(event.id) ?? { id: event.id, name: '', args: '' };
        call.args += event.delta;
        this.calls.set(event.id, call);
        break;
      }
      case 'tool-call-end':
        this.calls.set(event.call.id, { id: event.call.id, name: event.call.name, args: '', done: event.call });
        break;
      case 'usage':
        this.usage = event.usage;
        break;
      case 'provider-fallback':
        if (event.mode === 'restart') this.clear();
        break;
      default:
        break;
    }
  }

  private get calls(): Map<string, CallInProgress> {
    return (this.callsMap ??= new Map());
  }

  private clear(): void {
    this.text.clear();
    this.reasoning = undefined;
    this.callsMap = undefined;
  }

  /** The assistant message so far, marked `interrupted`; undefined when nothing arrived. */
  toMessage(metadata: ResponseMetadata): Message | undefined {
    const parts: ContentPart[] = [];
    if (this.reasoning && !this.reasoning.isEmpty) parts.push({ type: 'reasoning', text: this.reasoning.toString() });
    if (!this.text.isEmpty) parts.push({ type: 'text', text: this.text.toString() });
    for (const call of this.callsMap?.values() ?? []) {
      if (call.done) parts.push({ ...structuredClone(call.done), status: 'failed' });
      else {
        let args: ToolCallPart['arguments'] = null;
        let raw: string | undefined = call.args;
        try {
          args = JSON.parse(call.args);
          raw = undefined;
        } catch {
          // the arguments were cut: keep the text
        }
        parts.push({ type: 'tool-call', id: call.id, name: call.name, arguments: args, ...(raw === undefined ? {} : { rawArguments: raw }), status: 'failed' });
      }
    }
    if (parts.length === 0) return undefined;
    return frozenMessage({ role: 'assistant', parts, status: 'interrupted', metadata, ...(this.usage ? { usage: this.usage } : {}) });
  }
}
