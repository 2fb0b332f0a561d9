import type { Source } from '../../core/content-part.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import { TextAccumulator } from '../../core/text-accumulator';
import type { Usage } from '../../core/usage.types';
import { emptyUsage } from '../../core/usage.helpers';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { SseEvent } from '../../transport/sse.parser';
import { summariseBody } from '../shared/body.summary';
import type { WireStreamMapper } from '../shared/event-stream';
import { readContent, readReasoningField, type ContentPiece } from './completions-content.reader';
import { errorFromPayload } from './completions-error.reader';
import { mapFinishReason } from './completions-finish-reason.mapper';
import { assembleParts, readSources } from './completions-parts.builder';
import type { ResponseMappingContext } from './completions-response.mapper';
import { ToolCallAccumulator } from './completions-tool-call.accumulator';
import { sameUsage, usageOf } from './completions-usage.mapper';
import { asArray, asNumber, asObject, asString, nonEmpty } from './completions-wire.guards';
import { ThinkTagSplitter } from './think-tag.splitter';

type Emit = (event: ModelStreamEvent) => void;

/**
 * Maps a Chat Completions SSE stream (`data: {chunk}` … `data: [DONE]`) to model stream events:
 * text and reasoning deltas, tool calls accumulated per index, usage, then `step-finish` with the
 * whole response. An `{"error":…}` chunk or an `event: error` event ends the stream with its typed
 * error; a stream cut before any finish reason or `[DONE]` is an `InvalidResponseError`.
 */
export class CompletionsStreamMapper implements WireStreamMapper<SseEvent, ModelStreamEvent> {
  /** Created by the first tool-call fragment (most answers have none). */
  private toolCalls?: ToolCallAccumulator;
  private readonly splitter?: ThinkTagSplitter;
  private readonly text = new TextAccumulator();
  /** Created by the first reasoning piece (most answers have none). */
  private reasoning?: TextAccumulator;
  private refusal = '';
  private sources?: Source[];
  private usage: Usage | undefined;
  private finishRaw: string | undefined;
  private sawFinish = false;
  private sawDone = false;
  private model: string | undefined;
  private id: string | undefined;

  constructor(private readonly ctx: ResponseMappingContext) {
    if (ctx.thinkTags) this.splitter = new ThinkTagSplitter();
  }

  onEvent(event: SseEvent, next: Emit): void {
    const data = event.data.trim();
    if (event.event === 'error') throw errorFromPayload(this.ctx.provider, this.parse(data, true));
    if (data === '[DONE]') {
      this.sawDone = true;
      return;
    }
    if (data === '') return;
    const chunk = asObject(this.parse(data, false));
    if (!chunk) throw this.malformed(data);
    if (chunk.error !== undefined && chunk.error !== null) throw errorFromPayload(this.ctx.provider, chunk);
    this.model ??= nonEmpty(chunk.model);
    this.id ??= nonEmpty(chunk.id);
    const sources = readSources(chunk);
    if (sources) this.sources = sources;
    for (const item of asArray(chunk.choices)) {
      const choice = asObject(item);
      if (!choice || (asNumber(choice.index) ?? 0) !== 0) continue;
      const delta = asObject(choice.delta) ?? asObject(choice.message);
      if (delta) this.onDelta(delta, next);
      const finish = asString(choice.finish_reason);
      if (finish) {
        this.finishRaw = finish;
        this.sawFinish = true;
      }
    }
    const usage = usageOf(chunk);
    if (usage && !sameUsage(usage, this.usage)) {
      this.usage = usage;
      next({ type: 'usage', usage });
    }
  }

  onEnd(next: Emit): void {
    if (!this.sawFinish && !this.sawDone) {
      throw new InvalidResponseError(`${this.ctx.provider} stream ended before the answer finished (no finish_reason, no [DONE])`, {
        provider: this.ctx.provider,
      });
    }
    if (this.splitter) this.emitPieces(this.splitter.end(), next);
    const toolCalls = this.toolCalls?.finish(next) ?? [];
    const model = this.model ?? this.ctx.model;
    let text = this.text.toString();
    if (this.refusal && !text) text = this.refusal;
    next({
      type: 'step-finish',
      response: {
        parts: assembleParts({ reasoning: this.reasoning?.toString() ?? '', text, sources: this.sources ?? [], toolCalls }, { provider: this.ctx.provider, model }),
        usage: this.usage ?? emptyUsage(),
        finishReason: mapFinishReason(this.finishRaw, toolCalls.length > 0, this.refusal !== ''),
        metadata: { ...(this.id ? { id: this.id } : {}), model, provider: this.ctx.provider },
      },
    });
  }

  private onDelta(delta: Record<string, unknown>, next: Emit): void {
    const reasoning = readReasoningField(delta);
    if (reasoning) this.emitReasoning(reasoning, next);
    const content = delta.content;
    if (typeof content === 'string' && !this.splitter) {
      // the common chunk: plain text, no <think> tags to split
      if (content) {
        this.text.append(content);
        next({ type: 'text-delta', delta: content });
      }
    } else if (content !== undefined && content !== null) {
      const pieces = readContent(content);
      if (this.splitter) {
        for (const piece of pieces) this.emitPieces(piece.kind === 'text' ? this.splitter.push(piece.text) : [piece], next);
      } else {
        this.emitPieces(pieces, next);
      }
    }
    const refusal = asString(delta.refusal);
    if (refusal) {
      this.refusal += refusal;
      if (this.text.isEmpty) next({ type: 'text-delta', delta: refusal });
    }
    if (delta.tool_calls !== undefined && delta.tool_calls !== null) {
      (this.toolCalls ??= new ToolCallAccumulator(this.ctx.provider)).push(delta.tool_calls, next);
    }
  }

  private emitPieces(pieces: readonly ContentPiece[], next: Emit): void {
    for (const piece of pieces) {
      if (piece.kind === 'text') {
        this.text.append(piece.text);
        next({ type: 'text-delta', delta: piece.text });
      } else this.emitReasoning(piece.text, next);
    }
  }

  private emitReasoning(text: string, next: Emit): void {
    (this.reasoning ??= new TextAccumulator()).append(text);
    next({ type: 'reasoning-delta', delta: text });
  }

  private parse(data: string, lenient: boolean): unknown {
    try {
      return JSON.parse(data);
    } catch {
      if (lenient) return data;
      throw this.malformed(data);
    }
  }

  private malformed(data: string): InvalidResponseError {
    return new InvalidResponseError(`${this.ctx.provider} sent a malformed stream event: ${summariseBody(data, 120)}`, {
      provider: this.ctx.provider,
    });
  }
}
