import type { ModelStreamEvent } from '../../core/stream-event.types';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import type { SseEvent } from '../../transport/sse.parser';
import type { WireStreamMapper } from '../shared/event-stream';
import { mapGeminiFinishReason } from './gemini-finish-reason.mapper';
import { GeminiPartsAccumulator } from './gemini-parts.accumulator';
import { applyGrounding, applySafetyRatings, blockedPromptError, embeddedGeminiError } from './gemini-response.mapper';
import type { GeminiRestorer } from './gemini-output.restorer';
import { mapGeminiUsage } from './gemini-usage.mapper';
import type { GeminiCandidate, GeminiGenerateResponse, GeminiGroundingMetadata, GeminiPromptFeedback, GeminiUsageMetadata } from './gemini-wire.types';
import { GEMINI_PROVIDER_ID } from './gemini.constants';

/**
 * Maps `streamGenerateContent?alt=sse` events. Each event is a partial `GenerateContentResponse`:
 * parts are deltas, `usageMetadata` is cumulative (the last one wins), the last event carries
 * `finishReason`. A stream that ends without a finish reason was cut: `InvalidResponseError`.
 */
export class GeminiStreamMapper implements WireStreamMapper<SseEvent, ModelStreamEvent> {
  private accumulator: GeminiPartsAccumulator | undefined;
  private finishReason: string | undefined;
  private finished = false;
  private usage: GeminiUsageMetadata | undefined;
  private grounding: GeminiGroundingMetadata | undefined;
  private safetyRatings: GeminiCandidate['safetyRatings'];
  private promptFeedback: GeminiPromptFeedback | undefined;
  private responseId: string | undefined;
  private modelVersion: string | undefined;

  constructor(
    private readonly model: string,
    private readonly restorer?: GeminiRestorer,
  ) {}

  onEvent(event: SseEvent, next: (value: ModelStreamEvent) => void): void {
    if (event.data.trim() === '') return;
    const body = JSON.parse(event.data) as GeminiGenerateResponse;
    const failure = embeddedGeminiError(body) ?? blockedPromptError(body);
    if (failure) throw failure;
    this.responseId ??= body.responseId;
    this.modelVersion ??= body.modelVersion;
    if (body.usageMetadata) this.usage = body.usageMetadata;
    if (body.promptFeedback) this.promptFeedback = body.promptFeedback;
    const candidate = body.candidates?.[0];
    if (!candidate) return;
    this.accumulator ??= new GeminiPartsAccumulator(this.modelVersion ?? this.model, this.restorer?.toolArguments);
    for (const part of candidate.content?.parts ?? []) this.accumulator.add(part, next);
    if (candidate.groundingMetadata) this.grounding = candidate.groundingMetadata;
    if (candidate.safetyRatings?.length) this.safetyRatings = candidate.safetyRatings;
    if (candidate.finishReason) {
      this.finishReason = candidate.finishReason;
      this.finished = true;
    }
  }

  onEnd(next: (value: ModelStreamEvent) => void): void {
    if (!this.finished) {
      throw new InvalidResponseError('gemini stream ended before a finishReason (the answer is incomplete)', {
        provider: GEMINI_PROVIDER_ID,
      });
    }
    const answeredBy = this.modelVersion ?? this.model;
    const accumulator = this.accumulator ?? new GeminiPartsAccumulator(answeredBy);
    const parts = accumulator.finish(next);
    this.restorer?.output(parts);
    applyGrounding(parts, this.grounding, answeredBy);
    applySafetyRatings(parts, this.safetyRatings, this.promptFeedback, answeredBy);
    const usage = mapGeminiUsage(this.usage);
    next({ type: 'usage', usage });
    next({
      type: 'step-finish',
      response: {
        parts,
        usage,
        finishReason: mapGeminiFinishReason(this.finishReason, accumulator.hasToolCalls),
        metadata: { ...(this.responseId ? { id: this.responseId } : {}), model: answeredBy, provider: GEMINI_PROVIDER_ID },
      },
    });
  }
}
