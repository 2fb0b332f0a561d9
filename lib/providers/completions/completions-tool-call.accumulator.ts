import type { ToolCallPart } from '../../core/content-part.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { newCallId, toolCallPart } from './completions-tool-call.parser';
import { asArray, asNumber, asObject, nonEmpty } from './completions-wire.guards';

interface OpenCall {
  id?: string;
  name: string;
  args: string;
  started: boolean;
}

type Emit = (event: ModelStreamEvent) => void;

/**
 * Accumulates streamed tool calls. Chat Completions sends each call's fragments under an `index`;
 * calls may interleave. Servers also omit the index (Mistral), omit ids, reuse one index for
 * several calls with different ids, or repeat the name on every fragment: all are handled.
 * Emits `tool-call-start` once the name is known and `tool-call-delta` per argument fragment.
 */
export class ToolCallAccumulator {
  private readonly calls: OpenCall[] = [];
  private readonly byIndex = new Map<number, OpenCall>();

  constructor(private readonly provider: string) {}

  /** True when at least one call has been seen. */
  get size(): number {
    return this.calls.length;
  }

  /** Feeds a delta's `tool_calls` array. */
  push(toolCalls: unknown, emit: Emit): void {
    for (const item of asArray(toolCalls)) {
      const entry = asObject(item);
      if (!entry) continue;
      const fn = asObject(entry.function);
      const index = asNumber(entry.index);
      const id = nonEmpty(entry.id);
      const call = this.find(index, id);
      if (id && !call.id) call.id = id;
      const name = nonEmpty(fn?.name);
      if (name && !call.name) call.name = name;
      const args = fn?.arguments;
      let fragment = '';
      if (typeof args === 'string') fragment = args;
      else if (args !== undefined && args !== null) {
        // An argument object instead of text: it replaces what came before.
        call.args = '';
        fragment = JSON.stringify(args);
      }
      if (!call.started && call.name) {
        call.started = true;
        call.id ??= newCallId();
        call.args += fragment;
        emit({ type: 'tool-call-start', id: call.id, name: call.name });
        if (call.args) emit({ type: 'tool-call-delta', id: call.id, delta: call.args });
      } else {
        call.args += fragment;
        if (call.started && fragment) emit({ type: 'tool-call-delta', id: call.id!, delta: fragment });
      }
    }
  }

  /** Closes every call: emits `tool-call-end` for each and returns the parts, in order of appearance. */
  finish(emit: Emit): ToolCallPart[] {
    const parts: ToolCallPart[] = [];
    for (const call of this.calls) {
      if (!call.name) {
        if (call.args.trim() === '') continue;
        throw new InvalidResponseError(`${this.provider} streamed tool-call arguments without a function name`, {
          provider: this.provider,
        });
      }
      const part = toolCallPart(call.id ?? newCallId(), call.name, call.args);
      emit({ type: 'tool-call-end', call: part });
      parts.push(part);
    }
    return parts;
  }

  private find(index: number | undefined, id: string | undefined): OpenCall {
    let call: OpenCall | undefined;
    if (index !== undefined) {
      call = this.byIndex.get(index);
      // Same index, another id: a server that numbers every call 0.
      if (call && id && call.id && call.id !== id) call = this.calls.find((c) => c.id === id);
    } else if (id) {
      call = this.calls.find((c) => c.id === id);
    } else {
      call = this.calls[this.calls.length - 1];
    }
    if (!call) {
      call = { id, name: '', args: '', started: false };
      this.calls.push(call);
    }
    if (index !== undefined) this.byIndex.set(index, call);
    return call;
  }
}
