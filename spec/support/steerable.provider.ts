import { Observable } from 'rxjs';
import type { ContentPart, ToolCallPart } from '../../lib/core/content-part.types';
import type { EmbeddingResponse } from '../../lib/core/embedding.types';
import type { FinishReason } from '../../lib/core/finish-reason.types';
import type { Message } from '../../lib/core/message.types';
import type { ChatProvider, ProviderCapabilities, ProviderRequest, ProviderResponse } from '../../lib/core/provider.types';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import type { NativeSteeringHook, NativeSteeringStream } from '../../lib/chat';
import { UnsupportedFeatureError } from '../../lib/errors/unsupported-feature.error';

const USAGE = { inputTokens: 3, outputTokens: 2, totalTokens: 5 };

/**
 * An in-process provider that steers natively the way the Responses WebSocket documents it: input
 * accepted mid-response ends the response at the next word with finish reason `steered`, and a
 * continuation response follows. No real server implements this offline: this only checks the
 * engine's plumbing.
 */
export class SteerableTestProvider implements ChatProvider, NativeSteeringHook {
  readonly id = 'steerable';
  readonly model = 'steer-model';
  readonly capabilities: ProviderCapabilities = { tools: true, structuredOutput: false, streaming: true, embeddings: false, vision: false, nativeTools: [] };
  /** Whether `steer()` accepts. */
  accept = true;
  readonly steered: ContentPart[][] = [];
  /** Requests made with `stream()` / `streamSteerable()` (continuations are not requests). */
  readonly requests: Array<{ kind: 'stream' | 'steerable'; messages: Message[] }> = [];
  continuations = 0;
  continuationUnsubscribed = 0;
  /** Tool calls the first response ends with (steered or not). */
  callsOnFirst: ToolCallPart[] = [];

  constructor(
    private readonly answer = 'one two three four five six seven eight nine ten',
    private readonly continued = 'Steered answer.',
  ) {}

  async complete(request: ProviderRequest): Promise<ProviderResponse> {
    return response([{ type: 'text', text: `complete: ${request.messages.length}` }], { unified: 'stop' });
  }

  stream(request: ProviderRequest): Observable<ModelStreamEvent> {
    this.requests.push({ kind: 'stream', messages: structuredClone([...request.messages]) });
    return words('Restarted answer.', 1, () => false);
  }

  streamSteerable(request: ProviderRequest): NativeSteeringStream {
    this.requests.push({ kind: 'steerable', messages: structuredClone([...request.messages]) });
    let steeredNow = false;
    const calls = this.requests.length === 1 ? this.callsOnFirst : [];
    const stream: NativeSteeringStream = {
      events: words(this.answer, 5, () => steeredNow, calls),
      steer: async (parts) => {
        await new Promise((r) => setTimeout(r, 1));
        if (!this.accept) return false;
        this.steered.push([...parts]);
        steeredNow = true;
        return true;
      },
      continuation: () => {
        this.continuations++;
        return {
          events: new Observable<ModelStreamEvent>((subscriber) => {
            const inner = words(this.continued, 1, () => false).subscribe(subscriber);
            return () => {
              this.continuationUnsubscribed++;
              inner.unsubscribe();
            };
          }),
          steer: async () => false,
          continuation: () => stream,
        };
      },
    };
    return stream;
  }

  async embed(): Promise<EmbeddingResponse> {
    throw new UnsupportedFeatureError('no embeddings', { provider: this.id });
  }
}

function response(parts: ContentPart[], finishReason: FinishReason): ProviderResponse {
  return { parts, usage: USAGE, finishReason, metadata: { model: 'steer-model', provider: 'steerable' } };
}

/** Streams `text` word by word every `ms`; stops early with finish reason `steered` once `steered()` is true. */
function words(text: string, ms: number, steered: () => boolean, calls: readonly ToolCallPart[] = []): Observable<ModelStreamEvent> {
  return new Observable<ModelStreamEvent>((subscriber) => {
    const pieces = text.match(/\S+\s*/g) ?? [];
    let sent = '';
    let i = 0;
    const timer = setInterval(() => {
      const cut = steered() && i > 0;
      if (i < pieces.length && !cut) {
        sent += pieces[i++];
        subscriber.next({ type: 'text-delta', delta: pieces[i - 1] });
        return;
      }
      clearInterval(timer);
      subscriber.next({ type: 'usage', usage: USAGE });
      for (const call of calls) subscriber.next({ type: 'tool-call-end', call });
      const finish: FinishReason = cut ? { unified: 'other', raw: 'steered' } : calls.length > 0 ? { unified: 'tool-calls' } : { unified: 'stop' };
      subscriber.next({ type: 'step-finish', response: response([{ type: 'text', text: sent }, ...calls], finish) });
      subscriber.complete();
    }, ms);
    return () => clearInterval(timer);
  });
}
