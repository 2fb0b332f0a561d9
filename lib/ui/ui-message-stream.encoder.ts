import { isChatError } from '../core/chat.error';
import type { UnifiedFinishReason } from '../core/finish-reason.types';
import type { StreamEvent, ToolResultEvent } from '../core/stream-event.types';
import type { UIDataChunk, UIFinishReason, UIMessageChunk } from './ui-message-chunk.types';
import type { UIMessageStreamOptions } from './ui-message-stream.options';

/** What the encoder reads: chat events, and the app's own data parts merged in. */
export type UIStreamInput = StreamEvent<unknown> | UIDataChunk;

const FINISH_REASONS: Readonly<Record<UnifiedFinishReason, UIFinishReason>> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool-calls',
  'content-filter': 'content-filter',
  refusal: 'content-filter',
  pause: 'other',
  error: 'error',
  other: 'other',
};

/** A tool result's content as the client's `output`: JSON when it is JSON, else the text. */
function toolOutput(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return content;
  }
}

function defaultErrorText(error: unknown): string {
  return isChatError(error) ? error.message : 'An error occurred.';
}

function isDataChunk(input: UIStreamInput): input is UIDataChunk {
  return input.type.startsWith('data-');
}

/**
 * Turns the events of one chat stream into UI message stream chunks (the protocol `useChat` from
 * `@ai-sdk/react` reads), keeping the state the protocol needs: which text or reasoning block is
 * open, whether a step is open. One encoder per response. Tool progress becomes a transient
 * `data-tool-progress` part (id: the call's id). Chat events with no counterpart in the
 * protocol (usage, warnings, retries, router fallbacks, input streaming, partial images) are left out.
 *
 * @example
 * const encoder = new UIMessageStreamEncoder();
 * const chunks = [...encoder.start(), ...encoder.encode({ type: 'text-delta', delta: 'Hi' })];
 * // [{ type: 'start' }, { type: 'start-step' }, { type: 'text-start', id: 'text-1' }, { type: 'text-delta', id: 'text-1', delta: 'Hi' }]
 */
export class UIMessageStreamEncoder {
  readonly #options: UIMessageStreamOptions;
  #blocks = 0;
  #text?: string;
  #reasoning?: string;
  #stepOpen = false;
  #structured = false;
  readonly #inputs = new Set<string>();

  constructor(options: UIMessageStreamOptions = {}) {
    this.#options = options;
  }

  /** The first chunk of the response. */
  start(): UIMessageChunk[] {
    return [{ type: 'start', ...(this.#options.messageId !== undefined ? { messageId: this.#options.messageId } : {}) }];
  }

  /** The chunks for one chat event or data part (often none, sometimes several). */
  encode(input: UIStreamInput): UIMessageChunk[] {
    if (isDataChunk(input)) return [input];
    const event = input;
    switch (event.type) {
      case 'text-delta':
        return event.delta === '' ? [] : [...this.#openText(), { type: 'text-delta', id: this.#text as string, delta: event.delta }];
      case 'reasoning-delta':
        if (this.#options.sendReasoning === false || event.delta === '') return [];
        return [...this.#openReasoning(), { type: 'reasoning-delta', id: this.#reasoning as string, delta: event.delta }];
      case 'tool-call-start':
        this.#inputs.add(event.id);
        return [...this.#openStep(), ...this.#closeBlocks(), { type: 'tool-input-start', toolCallId: event.id, toolName: event.name }];
      case 'tool-call-delta':
        // The client rejects input deltas of a call it was not told about; the full input follows anyway.
        return this.#inputs.has(event.id) ? [{ type: 'tool-input-delta', toolCallId: event.id, inputTextDelta: event.delta }] : [];
      case 'tool-call-end': {
        const { call } = event;
        return [
          ...this.#openStep(),
          ...this.#closeBlocks(),
          { type: 'tool-input-available', toolCallId: call.id, toolName: call.name, input: call.arguments, ...(call.native ? { providerExecuted: true } : {}) },
        ];
      }
      case 'tool-result':
        return [this.#toolResult(event)];
      case 'tool-progress': {
        // transient: the client hands it to `onData` and keeps no part of it in the message
        if (this.#options.sendToolProgress === false) return [];
        const { callId, name, progress, total, message } = event;
        const data = { toolCallId: callId, toolName: name, progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) };
        return [{ type: 'data-tool-progress', id: callId, data, transient: true }];
      }
      case 'paused':
        return [
          ...this.#closeBlocks(),
          ...event.pending.filter((call) => call.status === 'pending').map((call): UIMessageChunk => ({ type: 'tool-approval-request', approvalId: call.id, toolCallId: call.id })),
        ];
      case 'partial-output':
        this.#structured = true;
        return this.#outputPart(event.partial);
      case 'step-finish':
        return this.#closeStep();
      case 'finish': {
        const metadata = this.#options.messageMetadata?.(event);
        return [
          ...this.#closeStep(),
          // A plain chat's output is its text, already sent: only structured output becomes a data part.
          ...(event.output !== undefined && (this.#structured || typeof event.output !== 'string') ? this.#outputPart(event.output) : []),
          { type: 'finish', finishReason: FINISH_REASONS[event.finishReason.unified], ...(metadata !== undefined ? { messageMetadata: metadata } : {}) },
        ];
      }
      default:
        return [];
    }
  }

  /** The last chunks of a failed stream: the open blocks closed, then `error`. */
  fail(error: unknown): UIMessageChunk[] {
    return [...this.#closeBlocks(), { type: 'error', errorText: (this.#options.onError ?? defaultErrorText)(error) }];
  }

  /** The last chunks of a stream stopped on the server's side (not by the client going away). */
  abort(reason?: string): UIMessageChunk[] {
    return [...this.#closeBlocks(), { type: 'abort', ...(reason !== undefined ? { reason } : {}) }];
  }

  #toolResult({ result }: ToolResultEvent): UIMessageChunk {
    const native = result.native ? { providerExecuted: true } : {};
    if (result.error?.kind === 'rejected') return { type: 'tool-output-denied', toolCallId: result.callId };
    if (result.isError) return { type: 'tool-output-error', toolCallId: result.callId, errorText: result.content, ...native };
    return { type: 'tool-output-available', toolCallId: result.callId, output: toolOutput(result.content), ...native };
  }

  #outputPart(data: unknown): UIMessageChunk[] {
    const name = this.#options.outputDataPart ?? 'output';
    return name === false ? [] : [{ type: `data-${name}`, id: name, data }];
  }

  #openStep(): UIMessageChunk[] {
    if (this.#stepOpen) return [];
    this.#stepOpen = true;
    return [{ type: 'start-step' }];
  }

  #openText(): UIMessageChunk[] {
    if (this.#text !== undefined) return [];
    const opened = [...this.#openStep(), ...this.#closeBlocks()];
    this.#text = `text-${++this.#blocks}`;
    return [...opened, { type: 'text-start', id: this.#text }];
  }

  #openReasoning(): UIMessageChunk[] {
    if (this.#reasoning !== undefined) return [];
    const opened = [...this.#openStep(), ...this.#closeBlocks()];
    this.#reasoning = `reasoning-${++this.#blocks}`;
    return [...opened, { type: 'reasoning-start', id: this.#reasoning }];
  }

  #closeBlocks(): UIMessageChunk[] {
    const closed: UIMessageChunk[] = [];
    if (this.#text !== undefined) closed.push({ type: 'text-end', id: this.#text });
    if (this.#reasoning !== undefined) closed.push({ type: 'reasoning-end', id: this.#reasoning });
    this.#text = undefined;
    this.#reasoning = undefined;
    return closed;
  }

  #closeStep(): UIMessageChunk[] {
    const closed = this.#closeBlocks();
    if (!this.#stepOpen) return closed;
    this.#stepOpen = false;
    return [...closed, { type: 'finish-step' }];
  }
}
