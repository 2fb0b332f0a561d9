import { Observable } from 'rxjs';
import type { ContentPart, ToolCallPart } from '../../lib/core/content-part.types';
import type { EmbeddingRequest, EmbeddingResponse } from '../../lib/core/embedding.types';
import type { FinishReason } from '../../lib/core/finish-reason.types';
import type { JsonValue } from '../../lib/core/json.types';
import type { Message } from '../../lib/core/message.types';
import type { ChatProvider, ProviderCapabilities, ProviderRequest, ProviderResponse } from '../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import type { Usage } from '../../lib/core/usage.types';
import { AbortedError } from '../../lib/errors/aborted.error';

/** A tool call the scripted model makes. `raw` sends unparseable argument text instead of `arguments`. */
export interface ScriptedToolCall {
  readonly id?: string;
  readonly name: string;
  readonly arguments?: JsonValue;
  readonly raw?: string;
}

/** One scripted model answer. */
export interface ScriptedReply {
  readonly text?: string;
  readonly reasoning?: string;
  readonly toolCalls?: readonly ScriptedToolCall[];
  /** Exact parts (replaces text/reasoning/toolCalls). */
  readonly parts?: readonly ContentPart[];
  readonly usage?: Partial<Usage>;
  readonly finishReason?: FinishReason;
  /** Wait before answering (complete) or before the first event (stream), ms. */
  readonly delayMs?: number;
  /** Stream: characters per text delta (default 4). */
  readonly chunkSize?: number;
  /** Stream: wait between events, ms (default: none, all events at once). */
  readonly chunkDelayMs?: number;
  /** The request fails with this error. */
  readonly error?: Error;
  /** Stream: fail with `error` (or a generic one) after this many events. */
  readonly failAfterEvents?: number;
  /** Never answer: only an abort ends the request. */
  readonly hang?: boolean;
}

/** A script: replies in order (the last one repeats), or a function of the request. */
export type Script = readonly ScriptedReply[] | ((request: ProviderRequest, index: number) => ScriptedReply);

/** What the provider saw of one request. */
export interface RecordedCall {
  readonly mode: 'complete' | 'stream';
  readonly request: ProviderRequest;
  /** Deep copy of the messages as they were sent. */
  readonly messages: Message[];
  aborted: boolean;
  finished: boolean;
}

/** Embedding behaviour of the scripted provider. */
export interface ScriptedEmbedding {
  readonly batchSize?: number;
  readonly delayMs?: number;
  /** Fail the batch holding these texts. */
  readonly failOn?: (texts: readonly string[]) => Error | undefined;
  /** Return this many dimensions (default 3). */
  readonly dimensions?: number;
}

/** Deterministic vector of a text: [length, char-code sum, first char code, ...]. */
export function scriptedVector(text: string, dimensions = 3): Float32Array {
  const v = new Float32Array(dimensions);
  const codes = [...text].map((c) => c.charCodeAt(0));
  v[0] = text.length;
  if (dimensions > 1) v[1] = codes.reduce((a, b) => a + b, 0);
  for (let i = 2; i < dimensions; i++) v[i] = codes[i - 2] ?? 0;
  return v;
}

const DEFAULT_USAGE: Usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

/**
 * An in-process `ChatProvider` that answers from a script: a real implementation of the provider
 * interface (complete, cold stream, embed) that records every request, honours the request's
 * AbortSignal and records aborts (signal or unsubscribe).
 */
export class ScriptedProvider implements ChatProvider {
  readonly id: string;
  readonly model = 'scripted-1';
  readonly capabilities: ProviderCapabilities;
  readonly embeddingBatchSize?: number;
  readonly calls: RecordedCall[] = [];
  readonly embedRequests: EmbeddingRequest[] = [];
  maxEmbeddingsInFlight = 0;
  private embeddingsInFlight = 0;
  private index = 0;

  constructor(
    private readonly script: Script,
    private readonly options: { id?: string; capabilities?: Partial<ProviderCapabilities>; embedding?: ScriptedEmbedding } = {},
  ) {
    this.id = options.id ?? 'scripted';
    this.capabilities = { tools: true, structuredOutput: true, streaming: true, embeddings: true, vision: false, nativeTools: [], ...options.capabilities };
    this.embeddingBatchSize = options.embedding?.batchSize;
  }

  /** Requests sent so far. */
  get requests(): ProviderRequest[] {
    return this.calls.map((c) => c.request);
  }

  private next(request: ProviderRequest): ScriptedReply {
    const i = this.index++;
    if (typeof this.script === 'function') return this.script(request, i);
    const list = this.script as readonly ScriptedReply[];
    return list[Math.min(i, list.length - 1)];
  }

  private record(mode: 'complete' | 'stream', request: ProviderRequest): RecordedCall {
    const call: RecordedCall = { mode, request, messages: structuredClone([...request.messages]) as Message[], aborted: false, finished: false };
    this.calls.push(call);
    return call;
  }

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    const call = this.record('complete', request);
    const reply = this.next(request);
    await this.wait(reply.hang ? Infinity : (reply.delayMs ?? 0), request.signal, call);
    if (reply.error) throw reply.error;
    call.finished = true;
    return this.response(reply);
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    return new Observable<ModelStreamEvent>((subscriber) => {
      const call = this.record('stream', request);
      const reply = this.next(request);
      const events = this.events(reply);
      let stopped = false;
      (async () => {
        await this.wait(reply.hang ? Infinity : (reply.delayMs ?? 0), request.signal, call);
        if (reply.error && reply.failAfterEvents === undefined) throw reply.error;
        for (let i = 0; i < events.length; i++) {
          if (stopped) return;
          if (reply.failAfterEvents !== undefined && i >= reply.failAfterEvents) throw reply.error ?? new Error('scripted stream failure');
          if (i > 0 && reply.chunkDelayMs) await this.wait(reply.chunkDelayMs, request.signal, call);
          if (stopped) return;
          subscriber.next(events[i]);
        }
        call.finished = true;
        subscriber.complete();
      })().catch((error: unknown) => {
        if (!stopped) subscriber.error(error);
      });
      return () => {
        stopped = true;
        if (!call.finished) call.aborted = true;
      };
    });
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    this.embedRequests.push(request);
    this.embeddingsInFlight++;
    this.maxEmbeddingsInFlight = Math.max(this.maxEmbeddingsInFlight, this.embeddingsInFlight);
    try {
      const e = this.options.embedding ?? {};
      await this.wait(e.delayMs ?? 0, request.signal);
      const failure = e.failOn?.(request.texts);
      if (failure) throw failure;
      const dimensions = request.dimensions ?? e.dimensions ?? 3;
      const tokens = request.texts.reduce((n, t) => n + t.length, 0);
      return { vectors: request.texts.map((t) => scriptedVector(t, dimensions)), dimensions, model: 'scripted-embed', provider: this.id, usage: { inputTokens: tokens, totalTokens: tokens } };
    } finally {
      this.embeddingsInFlight--;
    }
  }

  private wait(ms: number, signal?: AbortSignal, call?: RecordedCall): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        if (call) call.aborted = true;
        reject(new AbortedError('scripted request aborted', { provider: this.id }));
      };
      if (signal?.aborted) return onAbort();
      const timer = ms === Infinity ? undefined : setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private parts(reply: ScriptedReply): ContentPart[] {
    if (reply.parts) return structuredClone([...reply.parts]);
    const parts: ContentPart[] = [];
    if (reply.reasoning) parts.push({ type: 'reasoning', text: reply.reasoning, origin: { provider: this.id, model: this.model } });
    if (reply.text) parts.push({ type: 'text', text: reply.text });
    (reply.toolCalls ?? []).forEach((c, i) => {
      const call: ToolCallPart = { type: 'tool-call', id: c.id ?? `call_${this.index}_${i}`, name: c.name, arguments: c.raw !== undefined ? null : (c.arguments ?? {}), status: 'pending' };
      if (c.raw !== undefined) call.rawArguments = c.raw;
      parts.push(call);
    });
    return parts;
  }

  private response(reply: ScriptedReply): ProviderResponse {
    const parts = this.parts(reply);
    const hasCalls = parts.some((p) => p.type === 'tool-call');
    return {
      parts,
      usage: { ...DEFAULT_USAGE, ...reply.usage },
      finishReason: reply.finishReason ?? (hasCalls ? { unified: 'tool-calls', raw: 'tool_calls' } : { unified: 'stop', raw: 'stop' }),
      metadata: { id: `resp_${this.index}`, model: this.model, provider: this.id },
    };
  }

  private events(reply: ScriptedReply): ModelStreamEvent[] {
    const response = this.response(reply);
    const size = reply.chunkSize ?? 4;
    const events: ModelStreamEvent[] = [];
    for (const part of response.parts) {
      if (part.type === 'reasoning') events.push({ type: 'reasoning-delta', delta: part.text });
      if (part.type === 'text') for (let i = 0; i < part.text.length; i += size) events.push({ type: 'text-delta', delta: part.text.slice(i, i + size) });
      if (part.type === 'tool-call') {
        events.push({ type: 'tool-call-start', id: part.id, name: part.name });
        const args = part.rawArguments ?? JSON.stringify(part.arguments);
        const half = Math.ceil(args.length / 2);
        events.push({ type: 'tool-call-delta', id: part.id, delta: args.slice(0, half) });
        events.push({ type: 'tool-call-delta', id: part.id, delta: args.slice(half) });
        events.push({ type: 'tool-call-end', call: part });
      }
    }
    events.push({ type: 'usage', usage: response.usage });
    events.push({ type: 'step-finish', response });
    return events;
  }
}
