import type { ContentPart } from '../../core/content-part.types';
import type { JsonObject } from '../../core/json.types';
import type { ProviderResponse } from '../../core/provider.types';
import type { ModelStreamEvent } from '../../core/stream-event.types';
import type { ChatError } from '../../errors/chat.error';
import { ContentFilterError } from '../../errors/content-filter.error';
import { InvalidResponseError } from '../../errors/invalid-response.error';
import { geminiError, readGeminiErrorFields } from './gemini-error.reader';
import { mapGeminiFinishReason } from './gemini-finish-reason.mapper';
import { attachGroundingSources } from './gemini-grounding.mapper';
import { GeminiPartsAccumulator } from './gemini-parts.accumulator';
import { promptFeedbackDetails, safetyRatingsPart } from './gemini-safety.mapper';
import type { GeminiRestorer } from './gemini-output.restorer';
import { mapGeminiUsage } from './gemini-usage.mapper';
import type { GeminiCandidate, GeminiGenerateResponse, GeminiGroundingMetadata } from './gemini-wire.types';
import { GEMINI_GROUNDING_KIND, GEMINI_PROVIDER_ID } from './gemini.constants';

const ignore = (_event: ModelStreamEvent): void => undefined;

/** The typed error for an `error` object inside a 200 body or a stream event. */
export function embeddedGeminiError(body: GeminiGenerateResponse): ChatError | undefined {
  if (!body.error) return undefined;
  const fields = readGeminiErrorFields(body);
  return geminiError(fields?.httpCode ?? 500, fields, JSON.stringify(body));
}

/**
 * A prompt Gemini refused to answer (`promptFeedback.blockReason`) as a `ContentFilterError`, else
 * undefined. Its `details` hold the `promptFeedback` (block reason, message, safety ratings).
 */
export function blockedPromptError(body: GeminiGenerateResponse): ContentFilterError | undefined {
  const feedback = body.promptFeedback;
  const reason = feedback?.blockReason;
  if (!feedback || !reason || (body.candidates?.length ?? 0) > 0) return undefined;
  const detail = feedback.blockReasonMessage;
  return new ContentFilterError(`gemini blocked the prompt (${reason})${detail ? `: ${detail}` : ''}`, {
    provider: GEMINI_PROVIDER_ID,
    code: reason,
    providerMessage: detail,
    usage: mapGeminiUsage(body.usageMetadata),
    details: promptFeedbackDetails(feedback),
  });
}

/** Adds grounding sources to the text parts, and the raw grounding metadata as a `provider` part. */
export function applyGrounding(parts: ContentPart[], metadata: GeminiGroundingMetadata | undefined, model: string): void {
  if (!metadata) return;
  attachGroundingSources(parts, metadata);
  parts.push({ type: 'provider', kind: GEMINI_GROUNDING_KIND, data: metadata as unknown as JsonObject, origin: { provider: GEMINI_PROVIDER_ID, model } });
}

/** Adds the candidate's and the prompt's safety ratings as a `safetyRatings` provider part, when there are any. */
export function applySafetyRatings(parts: ContentPart[], candidate: GeminiCandidate['safetyRatings'], prompt: GeminiGenerateResponse['promptFeedback'], model: string): void {
  const part = safetyRatingsPart(candidate, prompt, model);
  if (part) parts.push(part);
}

/**
 * Maps a whole `generateContent` response: the first candidate's parts, grounding, safety ratings,
 * finish reason, usage and ids. Blocked prompts and embedded errors throw typed errors.
 */
export function fromGeminiResponse(body: GeminiGenerateResponse, model: string, restorer?: GeminiRestorer): ProviderResponse {
  const failure = embeddedGeminiError(body) ?? blockedPromptError(body);
  if (failure) throw failure;
  const candidate: GeminiCandidate | undefined = body.candidates?.[0];
  if (!candidate) {
    throw new InvalidResponseError('gemini returned no candidate', { provider: GEMINI_PROVIDER_ID, retryable: true });
  }
  const answeredBy = body.modelVersion ?? model;
  const accumulator = new GeminiPartsAccumulator(answeredBy, restorer?.toolArguments);
  for (const part of candidate.content?.parts ?? []) accumulator.add(part, ignore);
  const parts = accumulator.finish(ignore);
  restorer?.output(parts);
  applyGrounding(parts, candidate.groundingMetadata, answeredBy);
  applySafetyRatings(parts, candidate.safetyRatings, body.promptFeedback, answeredBy);
  return {
    parts,
    usage: mapGeminiUsage(body.usageMetadata),
    finishReason: mapGeminiFinishReason(candidate.finishReason, accumulator.hasToolCalls),
    metadata: { ...(body.responseId ? { id: body.responseId } : {}), model: answeredBy, provider: GEMINI_PROVIDER_ID },
  };
}
